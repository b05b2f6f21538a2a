package dev.vkube.apiserver.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the protobuf message of an apiVersion and kind, as Go's runtime.Scheme does.
 *
 * <p>Every message of a versioned proto package is indexed under the API group of that package, so
 * {@code k8s.io.api.apps.v1.Deployment} answers {@code apps/v1, Deployment}. Group names live in
 * each Go package's register.go ({@code GroupName}), not in generated.proto; most follow the {@code
 * <package>.k8s.io} rule and {@link #GROUP_EXCEPTIONS} holds the rest.
 *
 * <p>Messages that are not kinds ({@code PodSpec}) are indexed too: a body naming one is refused
 * by the same kind check that refuses such a JSON body.
 */
final class KindIndex {
  /** Proto package segments whose group is not {@code <segment>.k8s.io} (register.go). */
  private static final Map<String, String> GROUP_EXCEPTIONS =
      Map.ofEntries(
          Map.entry("core", ""),
          Map.entry("apps", "apps"),
          Map.entry("autoscaling", "autoscaling"),
          Map.entry("batch", "batch"),
          Map.entry("extensions", "extensions"),
          Map.entry("policy", "policy"),
          Map.entry("rbac", "rbac.authorization.k8s.io"),
          Map.entry("flowcontrol", "flowcontrol.apiserver.k8s.io"),
          Map.entry("apiserverinternal", "internal.apiserver.k8s.io"));

  /** Kinds metav1.AddToGroupVersion registers in every group version (meta/v1/register.go). */
  private static final List<String> META_KINDS_IN_EVERY_VERSION =
      List.of(
          "WatchEvent",
          "ListOptions",
          "GetOptions",
          "DeleteOptions",
          "CreateOptions",
          "UpdateOptions",
          "PatchOptions");

  /** Kinds meta/v1 registers as unversioned under {@code v1}, beside the core kinds. */
  private static final List<String> META_KINDS_UNVERSIONED =
      List.of("Status", "APIVersions", "APIGroupList", "APIGroup", "APIResourceList");

  private static final String META_VERSION = "meta.k8s.io/v1";
  private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

  private final Map<String, Map<String, Descriptor>> kindsByApiVersion;

  private KindIndex(Map<String, Map<String, Descriptor>> kindsByApiVersion) {
    this.kindsByApiVersion = kindsByApiVersion;
  }

  static KindIndex of(List<FileDescriptor> files) {
    Map<String, Map<String, Descriptor>> index = new HashMap<>();
    for (FileDescriptor file : files) {
      apiVersionOf(file.getPackage())
          .ifPresent(
              apiVersion -> {
                Map<String, Descriptor> kinds =
                    index.computeIfAbsent(apiVersion, v -> new HashMap<>());
                file.getMessageTypes().forEach(message -> kinds.put(message.getName(), message));
              });
    }
    addMetaKinds(index);
    Map<String, Map<String, Descriptor>> frozen = new HashMap<>();
    index.forEach((apiVersion, kinds) -> frozen.put(apiVersion, Map.copyOf(kinds)));
    return new KindIndex(Map.copyOf(frozen));
  }

  /** The message for the kind, or empty if Go's scheme would not know it either. */
  Optional<Descriptor> find(String apiVersion, String kind) {
    return Optional.ofNullable(kindsByApiVersion.getOrDefault(apiVersion, Map.of()).get(kind));
  }

  /** The apiVersions that have protobuf messages. */
  Set<String> apiVersions() {
    return kindsByApiVersion.keySet();
  }

  /**
   * The apiVersion of a proto package such as {@code k8s.io.api.rbac.v1} (its last two segments),
   * or empty for unversioned packages such as {@code k8s.io.apimachinery.pkg.runtime}.
   */
  static Optional<String> apiVersionOf(String protoPackage) {
    String[] segments = protoPackage.split("\\.");
    String version = segments[segments.length - 1];
    if (segments.length < 2 || !VERSION.matcher(version).matches()) {
      return Optional.empty();
    }
    String name = segments[segments.length - 2];
    String group = GROUP_EXCEPTIONS.getOrDefault(name, name + ".k8s.io");
    return Optional.of(group.isEmpty() ? version : group + "/" + version);
  }

  private static void addMetaKinds(Map<String, Map<String, Descriptor>> index) {
    Map<String, Descriptor> meta = index.getOrDefault(META_VERSION, Map.of());
    index.forEach(
        (apiVersion, kinds) -> {
          List<String> shared =
              apiVersion.equals("v1")
                  ? concat(META_KINDS_IN_EVERY_VERSION, META_KINDS_UNVERSIONED)
                  : META_KINDS_IN_EVERY_VERSION;
          shared.stream()
              .filter(meta::containsKey)
              .forEach(kind -> kinds.putIfAbsent(kind, meta.get(kind)));
        });
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
