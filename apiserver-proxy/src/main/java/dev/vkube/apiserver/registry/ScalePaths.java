package dev.vkube.apiserver.registry;

/**
 * Where a resource keeps what its /scale subresource shows (the CRD subresources.scale fields):
 * dotted paths without the leading dot; a null selector path means none.
 */
public record ScalePaths(String specReplicas, String statusReplicas, String labelSelector) {
  public static final ScalePaths BUILTIN = new ScalePaths("spec.replicas", "status.replicas", "spec.selector");
}
