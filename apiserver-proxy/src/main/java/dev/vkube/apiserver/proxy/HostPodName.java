package dev.vkube.apiserver.proxy;

/** The namespace and name of the host cluster's pod that runs a virtual pod. */
public record HostPodName(String namespace, String name) {}
