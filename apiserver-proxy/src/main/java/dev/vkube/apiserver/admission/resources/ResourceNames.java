package dev.vkube.apiserver.admission.resources;

import java.util.Set;

/** Resource-name classes of pkg/apis/core/helper (IsExtendedResourceName, IsNativeResource, ...). */
public final class ResourceNames {
  public static final String REQUESTS_PREFIX = "requests.";
  public static final String LIMITS_PREFIX = "limits.";
  private static final Set<String> OVERCOMMITTABLE = Set.of("cpu", "memory", "ephemeral-storage");

  private ResourceNames() {}

  /** Native: no domain, or a kubernetes.io domain. */
  public static boolean isNative(String name) {
    return !name.contains("/") || name.contains("kubernetes.io/");
  }

  /** An extended resource (nvidia.com/gpu): not native, not "requests."-prefixed (§1.1 of specs/gpu.md). */
  public static boolean isExtended(String name) {
    return !isNative(name) && !name.startsWith(REQUESTS_PREFIX);
  }

  public static boolean isHugePages(String name) {
    return name.startsWith("hugepages-");
  }

  public static boolean isOvercommittable(String name) {
    return OVERCOMMITTABLE.contains(name);
  }
}
