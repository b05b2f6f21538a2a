package dev.vkube.apiserver.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Named checks behind /livez, /healthz and /readyz (each check also at /ENDPOINT/NAME). Most serve all
 * three; readiness-only ones (kube-apiserver's informer-sync) only /readyz, so failing them never
 * makes a liveness probe restart the server.
 */
public final class HealthChecks {
  private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
  private final Map<String, BooleanSupplier> readinessOnly = new LinkedHashMap<>();

  public HealthChecks add(String name, BooleanSupplier check) {
    checks.put(name, check);
    return this;
  }

  public HealthChecks addReadinessOnly(String name, BooleanSupplier check) {
    readinessOnly.put(name, check);
    return this;
  }

  /** The checks of {@code endpoint} ("livez", "healthz" or "readyz"), in the order added. */
  Map<String, BooleanSupplier> of(String endpoint) {
    if (!endpoint.equals("readyz")) {
      return checks;
    }
    Map<String, BooleanSupplier> all = new LinkedHashMap<>(checks);
    all.putAll(readinessOnly);
    return all;
  }
}
