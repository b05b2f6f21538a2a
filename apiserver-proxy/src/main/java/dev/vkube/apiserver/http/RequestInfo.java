package dev.vkube.apiserver.http;

/**
 * What a request addresses, parsed once (k8s.io/apiserver endpoints/request RequestInfoFactory).
 * {@code resource} is null for non-resource paths such as /healthz or discovery documents.
 */
public record RequestInfo(
    String path, String verb, String apiPrefix, String group, String version, String namespace,
    String resource, String name, String subresource) {

  public boolean isResourceRequest() {
    return resource != null;
  }
}
