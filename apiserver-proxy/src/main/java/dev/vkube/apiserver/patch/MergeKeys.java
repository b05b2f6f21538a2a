package dev.vkube.apiserver.patch;

import java.util.List;
import java.util.Map;

/**
 * The strategic-merge metadata of built-in types: which lists merge and by which key (the
 * {@code patchStrategy:"merge"} / {@code patchMergeKey} struct tags of k8s.io/api). Lists not named here
 * are atomic and replaced, as upstream (e.g. tolerations, command, args are +listType=atomic).
 * Looked up by the field name and, where a name means different things, the enclosing field.
 */
public final class MergeKeys {
  /** A list of primitives merged as a set (metadata.finalizers). */
  public static final String PRIMITIVE_SET = "";

  private static final Map<String, String> BY_FIELD = Map.ofEntries(
      Map.entry("containers", "name"),
      Map.entry("initContainers", "name"),
      Map.entry("ephemeralContainers", "name"),
      Map.entry("volumes", "name"),
      Map.entry("imagePullSecrets", "name"),
      Map.entry("env", "name"),
      Map.entry("volumeMounts", "mountPath"),
      Map.entry("volumeDevices", "devicePath"),
      Map.entry("hostAliases", "ip"),
      Map.entry("topologySpreadConstraints", "topologyKey"),
      Map.entry("conditions", "type"),
      Map.entry("ownerReferences", "uid"),
      Map.entry("finalizers", PRIMITIVE_SET),
      Map.entry("resourceClaims", "name"),
      Map.entry("schedulingGates", "name"));

  private MergeKeys() {}

  /**
   * The merge key of the list at {@code path} (field names from the root, list indices omitted), null
   * when the list is atomic. {@code ports} merges by containerPort inside a container, by port in a
   * Service spec; node addresses merge by type.
   */
  public static String of(String kind, List<String> path) {
    String field = path.get(path.size() - 1);
    String parent = path.size() > 1 ? path.get(path.size() - 2) : "";
    if (field.equals("ports")) {
      if (parent.equals("containers") || parent.equals("initContainers") || parent.equals("ephemeralContainers")) {
        return "containerPort";
      }
      return "Service".equals(kind) && parent.equals("spec") ? "port" : null;
    }
    if (field.equals("addresses")) {
      return "Node".equals(kind) && parent.equals("status") ? "type" : null;
    }
    if (field.equals("finalizers") && !parent.equals("metadata")) {
      return null;
    }
    return BY_FIELD.get(field);
  }
}
