package dev.vkube.apiserver.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The columns `kubectl get` shows per built-in resource (after NAME), keyed by "group/resource".
 * Resources upstream prints with the default convertor (roles, limit ranges, CRDs ...) get CREATED AT.
 */
public final class ColumnSets {
  private final Map<String, List<Column>> byResource = new HashMap<>();
  private final List<Column> fallback;

  public ColumnSets(Clock clock) {
    Column age = Column.text("Age", o -> Cells.age(clock, o));
    fallback = List.of(new Column("Created At", "date", "", 0, "Created At",
        o -> Cells.text(o, "metadata.creationTimestamp")));
    put("", "pods", PodColumns.columns(clock));
    put("", "namespaces", List.of(Column.text("Status", o -> Cells.text(o, "status.phase")), age));
    put("", "configmaps", List.of(Column.integer("Data", o -> o.path("data").size() + o.path("binaryData").size()),
        age));
    put("", "secrets", List.of(Column.text("Type", o -> Cells.text(o, "type")),
        Column.integer("Data", o -> o.path("data").size()), age));
    put("", "serviceaccounts", List.of(Column.integer("Secrets", o -> o.path("secrets").size()), age));
    put("", "services", ServiceColumns.services(clock));
    put("", "endpoints", ServiceColumns.endpoints(clock));
    put("", "nodes", ClusterColumns.nodes(clock));
    put("", "events", ClusterColumns.events(clock));
    put("", "persistentvolumes", ClusterColumns.persistentVolumes(clock));
    put("", "persistentvolumeclaims", ClusterColumns.persistentVolumeClaims(clock));
    put("", "replicationcontrollers", WorkloadColumns.replicaSets(clock, true));
    put("", "podtemplates", List.of(
        Column.text("Containers", o -> Cells.containerNames(Cells.at(o, "template.spec"))),
        Column.text("Images", o -> Cells.containerImages(Cells.at(o, "template.spec"))),
        Column.text("Pod Labels", o -> Cells.mapSelector(Cells.at(o, "template.metadata.labels")))));
    put("", "resourcequotas", List.of(age, Column.text("Request", o -> quota(o, false)),
        Column.text("Limit", o -> quota(o, true))));
    put("apps", "deployments", WorkloadColumns.deployments(clock));
    put("apps", "replicasets", WorkloadColumns.replicaSets(clock, false));
    put("apps", "statefulsets", WorkloadColumns.statefulSets(clock));
    put("apps", "daemonsets", WorkloadColumns.daemonSets(clock));
    put("apps", "controllerrevisions", List.of(
        Column.text("Controller", o -> controller(o)), Column.integer("Revision", o -> o.path("revision").asLong()),
        age));
    put("batch", "jobs", WorkloadColumns.jobs(clock));
    put("batch", "cronjobs", WorkloadColumns.cronJobs(clock));
    put("autoscaling", "horizontalpodautoscalers", WorkloadColumns.hpas(clock));
    put("policy", "poddisruptionbudgets", WorkloadColumns.pdbs(clock));
    put("networking.k8s.io", "ingresses", ServiceColumns.ingresses(clock));
    put("networking.k8s.io", "networkpolicies", ServiceColumns.networkPolicies(clock));
    put("networking.k8s.io", "ingressclasses", List.of(
        Column.text("Controller", o -> Cells.text(o, "spec.controller")),
        Column.text("Parameters", o -> Cells.at(o, "spec.parameters").isMissingNode() ? Cells.NONE
            : Cells.text(o, "spec.parameters.kind") + "/" + Cells.text(o, "spec.parameters.name")), age));
    put("discovery.k8s.io", "endpointslices", ServiceColumns.endpointSlices(clock));
    put("rbac.authorization.k8s.io", "rolebindings", ClusterColumns.rbacBindings(clock));
    put("rbac.authorization.k8s.io", "clusterrolebindings", ClusterColumns.rbacBindings(clock));
    put("coordination.k8s.io", "leases", List.of(Column.text("Holder", o -> Cells.text(o,
        "spec.holderIdentity")), age));
    put("storage.k8s.io", "storageclasses", List.of(
        Column.text("Provisioner", o -> Cells.text(o, "provisioner")),
        Column.text("ReclaimPolicy", o -> o.path("reclaimPolicy").asText("Delete")),
        Column.text("VolumeBindingMode", o -> o.path("volumeBindingMode").asText("Immediate")),
        Column.text("AllowVolumeExpansion", o -> Boolean.toString(o.path("allowVolumeExpansion").asBoolean())),
        age));
    put("storage.k8s.io", "csinodes", List.of(Column.integer("Drivers", o -> Cells.at(o, "spec.drivers").size()),
        age));
    put("storage.k8s.io", "volumeattachments", List.of(
        Column.text("Attacher", o -> Cells.text(o, "spec.attacher")),
        Column.text("PV", o -> Cells.text(o, "spec.source.persistentVolumeName")),
        Column.text("Node", o -> Cells.text(o, "spec.nodeName")),
        Column.text("Attached", o -> Boolean.toString(Cells.at(o, "status.attached").asBoolean())), age));
    put("scheduling.k8s.io", "priorityclasses", List.of(Column.integer("Value", o -> o.path("value").asLong()),
        Column.text("Global-Default", o -> Boolean.toString(o.path("globalDefault").asBoolean())), age,
        Column.text("PreemptionPolicy", o -> o.path("preemptionPolicy").asText("PreemptLowerPriority"))));
    put("node.k8s.io", "runtimeclasses", List.of(Column.text("Handler", o -> Cells.text(o, "handler")), age));
    put("certificates.k8s.io", "certificatesigningrequests", List.of(age,
        Column.text("SignerName", o -> Cells.text(o, "spec.signerName")),
        Column.text("Requestor", o -> Cells.text(o, "spec.username")),
        Column.text("RequestedDuration", o -> Cells.at(o, "spec.expirationSeconds").isMissingNode() ? Cells.NONE
            : dev.vkube.apiserver.api.HumanDuration.format(java.time.Duration.ofSeconds(
                Cells.number(o, "spec.expirationSeconds")))),
        Column.text("Condition", ColumnSets::csrCondition)));
    for (String webhooks : List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations")) {
      put("admissionregistration.k8s.io", webhooks, List.of(Column.integer("Webhooks", o -> o.path("webhooks")
          .size()), age));
    }
  }

  private void put(String group, String resource, List<Column> columns) {
    byResource.put(group + "/" + resource, columns);
  }

  /** NAME first, then the resource's columns (or CREATED AT). */
  public List<Column> columns(String group, String resource) {
    return withName(byResource.getOrDefault(group + "/" + resource, fallback));
  }

  public List<Column> withName(List<Column> columns) {
    List<Column> all = new ArrayList<>();
    all.add(new Column("Name", "string", "name", 0, "Name must be unique within a namespace.",
        o -> Cells.text(o, "metadata.name")));
    all.addAll(columns);
    return all;
  }

  /** Printer columns of a custom resource (additionalPrinterColumns) take the place of the defaults. */
  public static Column jsonPathColumn(String name, String type, String format, int priority, String description,
      Function<JsonNode, Object> cell) {
    return new Column(name, type, format == null ? "" : format, priority, description == null ? "" : description,
        cell);
  }

  private static String controller(JsonNode revision) {
    for (JsonNode owner : revision.path("metadata").path("ownerReferences")) {
      if (owner.path("controller").asBoolean()) {
        String group = owner.path("apiVersion").asText();
        group = group.contains("/") ? group.substring(0, group.indexOf('/')) : "";
        return owner.path("kind").asText().toLowerCase(java.util.Locale.ROOT) + (group.isEmpty() ? "" : "." + group)
            + "/" + owner.path("name").asText();
      }
    }
    return Cells.NONE;
  }

  private static String quota(JsonNode quota, boolean limits) {
    List<String> parts = new ArrayList<>();
    quota.path("status").path("hard").fields().forEachRemaining(e -> {
      boolean isLimit = e.getKey().startsWith("limits.");
      if (isLimit == limits) {
        String used = quota.path("status").path("used").path(e.getKey()).asText("0");
        parts.add(e.getKey() + ": " + used + "/" + e.getValue().asText());
      }
    });
    java.util.Collections.sort(parts);
    return String.join(", ", parts);
  }

  private static String csrCondition(JsonNode csr) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : Cells.at(csr, "status.conditions")) {
      out.add(c.path("type").asText());
    }
    if (Cells.at(csr, "status.certificate").isMissingNode() || out.isEmpty()) {
      return out.isEmpty() ? "Pending" : String.join(",", out);
    }
    return String.join(",", out) + ",Issued";
  }
}
