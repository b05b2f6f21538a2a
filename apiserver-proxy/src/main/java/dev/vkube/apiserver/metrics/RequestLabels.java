package dev.vkube.apiserver.metrics;

import java.util.Locale;

/** The request labels of apiserver_request_* (empty strings where a part does not apply). */
public record RequestLabels(String verb, String dryRun, String group, String version, String resource,
    String subresource, String scope) {

  /**
   * Upstream's verb mapping (metrics.CleanVerb): list and watch are told apart, PATCH with an apply
   * body is APPLY; scope is resource, namespace or cluster.
   */
  public static RequestLabels of(String requestVerb, String method, String contentType, boolean dryRun,
      String group, String version, String resource, String subresource, String namespace, String name) {
    String verb = switch (requestVerb) {
      case "list" -> "LIST";
      case "watch" -> "WATCH";
      case "patch" -> contentType != null && contentType.startsWith("application/apply-patch") ? "APPLY" : "PATCH";
      default -> method.toUpperCase(Locale.ROOT);
    };
    String scope = resource == null ? "" : name != null ? "resource" : namespace != null ? "namespace" : "cluster";
    return new RequestLabels(verb, dryRun ? "All" : "", nz(group), nz(version), nz(resource), nz(subresource),
        scope);
  }

  private static String nz(String value) {
    return value == null ? "" : value;
  }
}
