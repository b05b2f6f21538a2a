package dev.vkube.apiserver.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Named readiness checks behind /readyz, /livez and /healthz (each check also at /readyz/NAME). */
public final class HealthChecks {
  private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

  public HealthChecks add(String name, BooleanSupplier check) {
    checks.put(name, check);
    return this;
  }

  Map<String, BooleanSupplier> all() {
    return checks;
  }
}
