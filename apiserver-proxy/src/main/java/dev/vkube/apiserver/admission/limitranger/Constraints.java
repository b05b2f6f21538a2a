package dev.vkube.apiserver.admission.limitranger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.admission.resources.Quantity;
import dev.vkube.apiserver.admission.resources.ResourceList;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * minConstraint, maxConstraint, maxRequestConstraint and limitRequestRatioConstraint of the
 * LimitRanger, with their messages. Items are visited in name order (upstream walks a Go map).
 */
final class Constraints {
  private Constraints() {}

  static void check(String type, JsonNode item, ResourceList requests, ResourceList limits, List<String> errors) {
    ResourceList.from(item.path("min")).asMap().forEach((r, min) -> min(type, r, min, requests, limits, errors));
    ResourceList.from(item.path("max")).asMap().forEach((r, max) -> max(type, r, max, requests, limits, errors));
    ResourceList.from(item.path("maxLimitRequestRatio")).asMap()
        .forEach((r, ratio) -> ratio(type, r, ratio, requests, limits, errors));
  }

  /** PVCs: min against the request; max against the request only (limits are not user input). */
  static void checkClaim(JsonNode item, ResourceList requests, List<String> errors) {
    String type = "PersistentVolumeClaim";
    ResourceList.from(item.path("min")).asMap()
        .forEach((r, min) -> min(type, r, min, requests, new ResourceList(), errors));
    ResourceList.from(item.path("max")).asMap().forEach((r, max) -> {
      Quantity req = requests.get(r);
      if (req == null) {
        errors.add(String.format("maximum %s usage per %s is %s.  No request is specified", r, type, max));
      } else if (req.compareTo(max) > 0) {
        errors.add(String.format("maximum %s usage per %s is %s, but request is %s", r, type, max, req));
      }
    });
  }

  private static void min(String type, String r, Quantity min, ResourceList requests, ResourceList limits,
      List<String> errors) {
    Quantity req = requests.get(r);
    Quantity lim = limits.get(r);
    if (req == null) {
      errors.add(String.format("minimum %s usage per %s is %s.  No request is specified", r, type, min));
    } else if (req.compareTo(min) < 0) {
      errors.add(String.format("minimum %s usage per %s is %s, but request is %s", r, type, min, req));
    } else if (lim != null && lim.compareTo(min) < 0) {
      errors.add(String.format("minimum %s usage per %s is %s, but limit is %s", r, type, min, lim));
    }
  }

  private static void max(String type, String r, Quantity max, ResourceList requests, ResourceList limits,
      List<String> errors) {
    Quantity req = requests.get(r);
    Quantity lim = limits.get(r);
    if (lim == null) {
      errors.add(String.format("maximum %s usage per %s is %s.  No limit is specified", r, type, max));
    } else if (lim.compareTo(max) > 0) {
      errors.add(String.format("maximum %s usage per %s is %s, but limit is %s", r, type, max, lim));
    } else if (req != null && req.compareTo(max) > 0) {
      errors.add(String.format("maximum %s usage per %s is %s, but request is %s", r, type, max, req));
    }
  }

  private static void ratio(String type, String r, Quantity ratio, ResourceList requests, ResourceList limits,
      List<String> errors) {
    Quantity req = requests.get(r);
    Quantity lim = limits.get(r);
    if (req == null || req.isZero()) {
      errors.add(String.format("%s max limit to request ratio per %s is %s, but no request is specified or request "
          + "is 0", r, type, ratio));
    } else if (lim == null || lim.isZero()) {
      errors.add(String.format("%s max limit to request ratio per %s is %s, but no limit is specified or limit is 0",
          r, type, ratio));
    } else {
      BigDecimal observed = lim.value().divide(req.value(), MathContext.DECIMAL64);
      if (observed.compareTo(ratio.value()) > 0) {
        errors.add(String.format(Locale.ROOT, "%s max limit to request ratio per %s is %s, but provided ratio is %f",
            r, type, ratio, observed.doubleValue()));
      }
    }
  }
}
