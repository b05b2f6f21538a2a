package dev.vkube.e2e.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the simulated kubelet knows of a pod it runs: its namespace and name and, per container in
 * spec order, the literal environment variables (`value`, not `valueFrom`) its processes get.
 */
public record SimPod(String namespace, String name, Map<String, Map<String, String>> containers) {

  public SimPod {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    containers.forEach((c, env) -> copy.put(c, Map.copyOf(env)));
    containers = java.util.Collections.unmodifiableMap(copy);
  }

  /** From a Pod object (JSON): its regular and init containers with their literal env values. */
  public static SimPod of(JsonNode pod) {
    Map<String, Map<String, String>> containers = new LinkedHashMap<>();
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode container : pod.path("spec").path(list)) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
          if (e.has("value")) {
            env.put(e.path("name").asText(), e.path("value").asText());
          }
        });
        containers.put(container.path("name").asText(), env);
      }
    }
    return new SimPod(pod.path("metadata").path("namespace").asText(), pod.path("metadata").path("name").asText(),
        containers);
  }

  String key() {
    return namespace + "/" + name;
  }
}
