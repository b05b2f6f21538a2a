package dev.vkube.apiserver.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes version vkube reports at /version: a current minor, so kubectl 1.32-1.34 see no skew
 * warning and fabric8 can parse major/minor as plain numbers.
 */
public final class ServerVersion {
  public static final String MAJOR = "1";
  public static final String MINOR = "33";
  public static final String GIT_VERSION = "v1.33.0";

  private ServerVersion() {}

  public static ObjectNode document() {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("major", MAJOR).put("minor", MINOR).put("gitVersion", GIT_VERSION)
        .put("gitCommit", "vkube").put("gitTreeState", "clean").put("buildDate", "2026-11-26T00:00:00Z")
        .put("goVersion", "java" + Runtime.version().feature()).put("compiler", "javac")
        .put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
            + System.getProperty("os.arch"));
    return doc;
  }
}
