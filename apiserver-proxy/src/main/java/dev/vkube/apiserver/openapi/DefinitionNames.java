package dev.vkube.apiserver.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Names as kube-apiserver's OpenAPI spells them: definitions after the Go package with its domain
 * reversed ({@code k8s.io/api/core/v1.Pod} is {@code io.k8s.api.core.v1.Pod}, a custom resource of
 * group {@code stable.example.com} is {@code com.example.stable.v1.CronTab}), operation ids and
 * tags after the group (kube-openapi's default naming, apiserver pkg/endpoints/openapi).
 */
final class DefinitionNames {
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String OBJECT_META = META + "ObjectMeta";
  static final String LIST_META = META + "ListMeta";
  static final String STATUS = META + "Status";
  static final String DELETE_OPTIONS = META + "DeleteOptions";
  static final String WATCH_EVENT = META + "WatchEvent";
  static final String PATCH = META + "Patch";

  private static final String PROTO_DOMAIN = "k8s.io.";

  private DefinitionNames() {}

  /** {@code k8s.io.api.core.v1.Pod} -> {@code io.k8s.api.core.v1.Pod}; Go package dirs use dashes. */
  static String of(Descriptor message) {
    String full = message.getFullName();
    String rest = full.startsWith(PROTO_DOMAIN) ? full.substring(PROTO_DOMAIN.length()) : full;
    return "io.k8s." + rest.replace('_', '-');
  }

  /** A custom resource's definition: the group's domain reversed, then version and kind. */
  static String custom(GroupVersionKind gvk) {
    List<String> parts = new ArrayList<>(Arrays.asList(gvk.group().split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts) + "." + gvk.version() + "." + gvk.kind();
  }

  /** {@code rbac.authorization.k8s.io} -> {@code RbacAuthorization}, core -> {@code Core}. */
  static String groupCamel(String group) {
    if (group.isEmpty()) {
      return "Core";
    }
    String trimmed = group.endsWith(".k8s.io") ? group.substring(0, group.length() - ".k8s.io".length()) : group;
    StringBuilder out = new StringBuilder();
    for (String part : trimmed.split("[.-]")) {
      out.append(capitalize(part));
    }
    return out.toString();
  }

  /** The operation tag: {@code core_v1}, {@code rbacAuthorization_v1}. */
  static String tag(String group, String version) {
    String camel = groupCamel(group);
    return Character.toLowerCase(camel.charAt(0)) + camel.substring(1) + "_" + version;
  }

  static String capitalize(String word) {
    return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }
}
