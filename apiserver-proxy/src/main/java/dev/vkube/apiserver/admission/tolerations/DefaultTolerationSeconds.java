package dev.vkube.apiserver.admission.tolerations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;

/**
 * DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds): pods that tolerate
 * neither node.kubernetes.io/not-ready nor .../unreachable NoExecute taints get a 300-second toleration
 * for each, so they are evicted five minutes after their node is lost.
 */
public final class DefaultTolerationSeconds implements AdmissionPlugin {
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  public static final int DEFAULT_SECONDS = 300;

  @Override
  public String name() {
    return "DefaultTolerationSeconds";
  }

  @Override
  public boolean handles(AdmissionRequest request) {
    return (request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE)
        && request.is("", "pods");
  }

  @Override
  public void admit(AdmissionRequest request) {
    ObjectNode spec = request.object().with("spec");
    boolean notReady = tolerates(spec.path("tolerations"), NOT_READY);
    boolean unreachable = tolerates(spec.path("tolerations"), UNREACHABLE);
    if (!notReady) {
      add(spec.withArray("tolerations"), NOT_READY);
    }
    if (!unreachable) {
      add(spec.withArray("tolerations"), UNREACHABLE);
    }
  }

  /** An empty key or effect matches too (the plugin's own rule, not full toleration matching). */
  private static boolean tolerates(JsonNode tolerations, String key) {
    for (JsonNode t : tolerations) {
      String k = t.path("key").asText("");
      String effect = t.path("effect").asText("");
      if ((k.equals(key) || k.isEmpty()) && (effect.equals("NoExecute") || effect.isEmpty())) {
        return true;
      }
    }
    return false;
  }

  private static void add(ArrayNode tolerations, String key) {
    tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
        .put("tolerationSeconds", DEFAULT_SECONDS);
  }
}
