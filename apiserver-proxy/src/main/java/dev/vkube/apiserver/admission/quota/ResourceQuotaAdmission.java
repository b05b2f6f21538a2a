package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.Refusals;
import dev.vkube.apiserver.admission.resources.ResourceList;
import dev.vkube.apiserver.admission.resources.ResourceNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * ResourceQuota (plugin/pkg/admission/resourcequota, controller.go CheckRequest): a write that would
 * take any matching quota of its namespace past spec.hard is refused with
 * {@code exceeded quota: NAME, requested: k=v, used: k=v, limited: k=v}, naming only the exceeded
 * keys. Quotas themselves get a warning for extended-resource keys that are never charged
 * (specs/gpu.md §3.1).
 */
public final class ResourceQuotaAdmission implements AdmissionPlugin {
  private final QuotaLedger ledger;

  public ResourceQuotaAdmission(QuotaLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return "ResourceQuota";
  }

  @Override
  public boolean handles(AdmissionRequest request) {
    return request.namespace() != null && !request.namespace().isEmpty() && request.subresource().isEmpty()
        && (request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE);
  }

  @Override
  public void validate(AdmissionRequest request) {
    if (request.is("", "resourcequotas")) {
      warnUnchargedKeys(request);
    }
    QuotaEvaluator evaluator = ledger.evaluatorFor(request.group(), request.resource());
    if (!evaluator.charges(request.operation())) {
      return;
    }
    List<ObjectNode> quotas = new ArrayList<>(ledger.objects().quotas(request.namespace()));
    if (quotas.isEmpty()) {
      return;
    }
    quotas.sort(Comparator.comparing(Meta::name));
    synchronized (ledger.lock(request.namespace())) {
      check(request, evaluator, quotas);
    }
  }

  private void check(AdmissionRequest request, QuotaEvaluator evaluator, List<ObjectNode> quotas) {
    ObjectNode object = request.object();
    List<ObjectNode> pertinent = new ArrayList<>();
    for (ObjectNode quota : quotas) {
      Set<String> tracked = tracked(evaluator, quota);
      if (tracked.isEmpty() || !evaluator.inScope(quota, object)) {
        continue;
      }
      String missing = evaluator.constraints(tracked, object);
      if (missing != null) {
        throw Refusals.forbidden(request, "failed quota: " + Meta.name(quota) + ": " + missing);
      }
      pertinent.add(quota);
    }
    if (pertinent.isEmpty()) {
      return;
    }
    ResourceList delta = evaluator.usage(object, ledger.now());
    JsonNode old = request.oldObject();
    if (request.operation() == Operation.UPDATE && old != null && Meta.resourceVersion(old) != null) {
      delta = delta.minusNonNegative(evaluator.usage(old, ledger.now()));
    }
    delta = delta.withoutZeros();
    if (delta.isEmpty()) {
      return;
    }
    for (ObjectNode quota : pertinent) {
      ResourceList hard = ResourceList.from(quota.path("spec").path("hard"));
      ResourceList requested = delta.mask(hard.names());
      if (requested.isEmpty()) {
        continue;
      }
      ResourceList used = ledger.used(quota, true);
      Set<String> exceeded = used.mask(requested.names()).plus(requested).exceeding(hard);
      if (!exceeded.isEmpty()) {
        throw Refusals.forbidden(request, "exceeded quota: " + Meta.name(quota) + ", requested: "
            + requested.mask(exceeded) + ", used: " + used.mask(exceeded) + ", limited: " + hard.mask(exceeded));
      }
    }
    if (!request.dryRun()) {
      ledger.reserve(evaluator, request.namespace(), request.name(), object, request.oldObject());
    }
  }

  private static Set<String> tracked(QuotaEvaluator evaluator, JsonNode quota) {
    Set<String> tracked = new TreeSet<>();
    quota.path("spec").path("hard").fieldNames().forEachRemaining(k -> {
      if (evaluator.tracks(k)) {
        tracked.add(k);
      }
    });
    return tracked;
  }

  /** Bare and limits.-prefixed extended-resource keys validate but are never charged: say so. */
  private static void warnUnchargedKeys(AdmissionRequest request) {
    request.object().path("spec").path("hard").fieldNames().forEachRemaining(k -> {
      String resource = k.startsWith(ResourceNames.LIMITS_PREFIX) ? k.substring(ResourceNames.LIMITS_PREFIX.length())
          : k;
      if (ResourceNames.isExtended(resource)) {
        request.warnings().add("spec.hard[" + k + "]: quota on an extended resource is enforced only as \""
            + ResourceNames.REQUESTS_PREFIX + resource + "\"; \"" + k + "\" is never charged");
      }
    });
  }
}
