package dev.vkube.syncer;

/** Where a virtual object's copy lives on the host: namespace and translated name. */
public record HostRef(String namespace, String name) {
}
