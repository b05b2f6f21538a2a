package dev.vkube.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.Refusals;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * PodSecurity (staging/src/k8s.io/pod-security-admission/admission/admission.go): pods are refused when
 * they violate their namespace's enforce level and warned about for its warn level; pod templates of
 * workloads are only warned about; namespace labels must be valid, and tightening enforce warns about
 * existing pods. Audit annotations are not recorded (vkube has no audit log yet).
 */
public final class PodSecurityAdmission implements AdmissionPlugin {
  /** Pod subresources that cannot change the pod spec (ignoredPodSubresources). */
  private static final Set<String> IGNORED_POD_SUBRESOURCES = Set.of("exec", "attach", "binding", "eviction", "log",
      "portforward", "proxy", "status");
  /** Workloads whose template is checked, with the path to it (DefaultPodSpecExtractor). */
  private static final Map<String, String[]> TEMPLATES = Map.of(
      "/podtemplates", new String[] {"template"},
      "/replicationcontrollers", new String[] {"spec", "template"},
      "apps/replicasets", new String[] {"spec", "template"},
      "apps/deployments", new String[] {"spec", "template"},
      "apps/statefulsets", new String[] {"spec", "template"},
      "apps/daemonsets", new String[] {"spec", "template"},
      "batch/jobs", new String[] {"spec", "template"},
      "batch/cronjobs", new String[] {"spec", "jobTemplate", "spec", "template"});

  private final Function<String, JsonNode> namespaces;
  private final Function<String, List<ObjectNode>> pods;

  /** {@code namespaces} reads a namespace from a cache (null if absent); {@code pods} lists a namespace's pods. */
  public PodSecurityAdmission(Function<String, JsonNode> namespaces, Function<String, List<ObjectNode>> pods) {
    this.namespaces = namespaces;
    this.pods = pods;
  }

  @Override
  public String name() {
    return "PodSecurity";
  }

  @Override
  public boolean handles(AdmissionRequest request) {
    if (request.operation() != Operation.CREATE && request.operation() != Operation.UPDATE) {
      return false;
    }
    String key = request.group() + "/" + request.resource();
    return key.equals("/namespaces") || key.equals("/pods") || TEMPLATES.containsKey(key);
  }

  @Override
  public void validate(AdmissionRequest request) {
    String key = request.group() + "/" + request.resource();
    if (key.equals("/namespaces")) {
      validateNamespace(request);
    } else if (key.equals("/pods")) {
      validatePod(request);
    } else if (request.subresource().isEmpty()) {
      JsonNode template = request.object();
      for (String step : TEMPLATES.get(key)) {
        template = template.path(step);
      }
      if (template.isObject()) {
        evaluate(request, template.path("metadata"), template.path("spec"), false);
      }
    }
  }

  private void validatePod(AdmissionRequest request) {
    if (IGNORED_POD_SUBRESOURCES.contains(request.subresource())) {
      return;
    }
    if (request.operation() == Operation.UPDATE && !SignificantUpdates.significant(request.object(),
        request.oldObject())) {
      return;
    }
    evaluate(request, request.object().path("metadata"), request.object().path("spec"), true);
  }

  private void evaluate(AdmissionRequest request, JsonNode metadata, JsonNode spec, boolean enforce) {
    JsonNode namespace = namespaces.apply(request.namespace());
    if (namespace == null) {
      return; // the store answers 404 for a missing namespace after admission
    }
    NamespacePolicy policy = NamespacePolicy.of(namespace.path("metadata").path("labels"));
    if (policy.allPrivileged()) {
      return;
    }
    if (enforce) {
      List<Violation> violations = PodChecks.evaluate(policy.enforce(), metadata, spec);
      if (!violations.isEmpty()) {
        throw Refusals.forbidden(request, "violates PodSecurity \"" + policy.enforce() + "\": "
            + Violation.describe(violations));
      }
    }
    List<Violation> warn = PodChecks.evaluate(policy.warn(), metadata, spec);
    if (!warn.isEmpty()) {
      request.warnings().add("would violate PodSecurity \"" + policy.warn() + "\": " + Violation.describe(warn));
    }
  }

  private void validateNamespace(AdmissionRequest request) {
    if (!request.subresource().isEmpty()) {
      return;
    }
    NamespacePolicy next = NamespacePolicy.of(request.object().path("metadata").path("labels"));
    if (request.operation() == Operation.CREATE) {
      refuseInvalid(request, next);
      return;
    }
    NamespacePolicy old = NamespacePolicy.of(request.oldObject().path("metadata").path("labels"));
    if (!next.errors().isEmpty() && (old.errors().isEmpty() || !Objects.equals(next.errors(), old.errors()))) {
      refuseInvalid(request, next);
    }
    LevelVersion was = old.enforce();
    LevelVersion now = next.enforce();
    if (now.equals(was) || now.level() == Level.PRIVILEGED
        || (now.minor() == was.minor() && now.level().compareTo(was.level()) < 1)) {
      return;
    }
    ExistingPods.warnings(Meta.name(request.object()), now, pods.apply(Meta.name(request.object())))
        .forEach(request.warnings()::add);
  }

  private static void refuseInvalid(AdmissionRequest request, NamespacePolicy policy) {
    if (!policy.errors().isEmpty()) {
      throw ApiException.invalid("", "Namespace", request.name(), policy.errors());
    }
  }
}
