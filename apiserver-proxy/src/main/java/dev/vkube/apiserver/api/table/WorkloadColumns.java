package dev.vkube.apiserver.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Column sets of the workload controllers (printers.go printDeployment, printReplicaSet, printJob ...). */
final class WorkloadColumns {
  private WorkloadColumns() {}

  static List<Column> deployments(Clock clock) {
    List<Column> c = new ArrayList<>();
    c.add(Column.text("Ready", d -> Cells.number(d, "status.readyReplicas") + "/" + desired(d)));
    c.add(Column.integer("Up-to-date", d -> Cells.number(d, "status.updatedReplicas")));
    c.add(Column.integer("Available", d -> Cells.number(d, "status.availableReplicas")));
    c.add(Column.text("Age", d -> Cells.age(clock, d)));
    c.addAll(templateWide("spec.template.spec", "spec.selector", true));
    return c;
  }

  static List<Column> replicaSets(Clock clock, boolean mapSelector) {
    List<Column> c = new ArrayList<>();
    c.add(Column.integer("Desired", WorkloadColumns::desired));
    c.add(Column.integer("Current", d -> Cells.number(d, "status.replicas")));
    c.add(Column.integer("Ready", d -> Cells.number(d, "status.readyReplicas")));
    c.add(Column.text("Age", d -> Cells.age(clock, d)));
    c.addAll(templateWide("spec.template.spec", "spec.selector", !mapSelector));
    return c;
  }

  static List<Column> statefulSets(Clock clock) {
    List<Column> c = new ArrayList<>();
    c.add(Column.text("Ready", d -> Cells.number(d, "status.readyReplicas") + "/" + desired(d)));
    c.add(Column.text("Age", d -> Cells.age(clock, d)));
    c.add(Column.wide("Containers", d -> Cells.containerNames(Cells.at(d, "spec.template.spec"))));
    c.add(Column.wide("Images", d -> Cells.containerImages(Cells.at(d, "spec.template.spec"))));
    return c;
  }

  static List<Column> daemonSets(Clock clock) {
    List<Column> c = new ArrayList<>();
    c.add(Column.integer("Desired", d -> Cells.number(d, "status.desiredNumberScheduled")));
    c.add(Column.integer("Current", d -> Cells.number(d, "status.currentNumberScheduled")));
    c.add(Column.integer("Ready", d -> Cells.number(d, "status.numberReady")));
    c.add(Column.integer("Up-to-date", d -> Cells.number(d, "status.updatedNumberScheduled")));
    c.add(Column.integer("Available", d -> Cells.number(d, "status.numberAvailable")));
    c.add(Column.text("Node Selector", d -> Cells.orNone(Cells.mapSelector(Cells.at(d,
        "spec.template.spec.nodeSelector")).replace(Cells.NONE, ""))));
    c.add(Column.text("Age", d -> Cells.age(clock, d)));
    c.addAll(templateWide("spec.template.spec", "spec.selector", true));
    return c;
  }

  static List<Column> jobs(Clock clock) {
    List<Column> c = new ArrayList<>();
    c.add(Column.text("Status", WorkloadColumns::jobStatus));
    c.add(Column.text("Completions", WorkloadColumns::completions));
    c.add(Column.text("Duration", j -> jobDuration(j, clock)));
    c.add(Column.text("Age", j -> Cells.age(clock, j)));
    c.addAll(templateWide("spec.template.spec", "spec.selector", true));
    return c;
  }

  static List<Column> cronJobs(Clock clock) {
    List<Column> c = new ArrayList<>();
    c.add(Column.text("Schedule", j -> Cells.text(j, "spec.schedule")));
    c.add(Column.text("Timezone", j -> Cells.orNone(Cells.text(j, "spec.timeZone"))));
    c.add(Column.text("Suspend", j -> Boolean.toString(Cells.at(j, "spec.suspend").asBoolean(false))));
    c.add(Column.integer("Active", j -> Cells.at(j, "status.active").size()));
    c.add(Column.text("Last Schedule", j -> Cells.text(j, "status.lastScheduleTime").isEmpty() ? Cells.NONE
        : Cells.since(clock, Cells.text(j, "status.lastScheduleTime"))));
    c.add(Column.text("Age", j -> Cells.age(clock, j)));
    c.addAll(templateWide("spec.jobTemplate.spec.template.spec", "spec.jobTemplate.spec.selector", true));
    return c;
  }

  static List<Column> hpas(Clock clock) {
    return List.of(
        Column.text("Reference", h -> Cells.text(h, "spec.scaleTargetRef.kind") + "/"
            + Cells.text(h, "spec.scaleTargetRef.name")),
        Column.text("Targets", h -> Cells.at(h, "spec.metrics").size() == 0 ? Cells.NONE : "<unknown>"),
        Column.text("MinPods", h -> Cells.at(h, "spec.minReplicas").isMissingNode() ? "<unset>"
            : Cells.text(h, "spec.minReplicas")),
        Column.integer("MaxPods", h -> Cells.number(h, "spec.maxReplicas")),
        Column.integer("Replicas", h -> Cells.number(h, "status.currentReplicas")),
        Column.text("Age", h -> Cells.age(clock, h)));
  }

  static List<Column> pdbs(Clock clock) {
    return List.of(
        Column.text("Min Available", p -> Cells.orNoneNa(Cells.text(p, "spec.minAvailable"))),
        Column.text("Max Unavailable", p -> Cells.orNoneNa(Cells.text(p, "spec.maxUnavailable"))),
        Column.integer("Allowed Disruptions", p -> Cells.number(p, "status.disruptionsAllowed")),
        Column.text("Age", p -> Cells.age(clock, p)));
  }

  private static long desired(JsonNode workload) {
    JsonNode replicas = Cells.at(workload, "spec.replicas");
    return replicas.isMissingNode() ? 1 : replicas.asLong();
  }

  private static List<Column> templateWide(String specPath, String selectorPath, boolean labelSelector) {
    return List.of(
        Column.wide("Containers", d -> Cells.containerNames(Cells.at(d, specPath))),
        Column.wide("Images", d -> Cells.containerImages(Cells.at(d, specPath))),
        Column.wide("Selector", d -> labelSelector ? Cells.selector(Cells.at(d, selectorPath))
            : Cells.mapSelector(Cells.at(d, selectorPath))));
  }

  private static String jobStatus(JsonNode job) {
    for (String type : new String[] {"Failed", "Complete", "Suspended", "FailureTarget", "SuccessCriteriaMet"}) {
      for (JsonNode condition : Cells.at(job, "status.conditions")) {
        if (condition.path("type").asText().equals(type) && condition.path("status").asText().equals("True")) {
          return type.equals("FailureTarget") ? "FailureTarget" : type.equals("SuccessCriteriaMet")
              ? "SuccessCriteriaMet" : type;
        }
      }
    }
    return "Running";
  }

  private static String completions(JsonNode job) {
    JsonNode completions = Cells.at(job, "spec.completions");
    long succeeded = Cells.number(job, "status.succeeded");
    if (!completions.isMissingNode()) {
      return succeeded + "/" + completions.asLong();
    }
    JsonNode parallelism = Cells.at(job, "spec.parallelism");
    long p = parallelism.isMissingNode() ? 1 : parallelism.asLong();
    return p > 1 ? succeeded + "/1 of " + p : succeeded + "/1";
  }

  private static String jobDuration(JsonNode job, Clock clock) {
    String start = Cells.text(job, "status.startTime");
    if (start.isEmpty()) {
      return "";
    }
    String end = Cells.text(job, "status.completionTime");
    Instant until = end.isEmpty() ? clock.instant() : Instant.parse(end);
    return dev.vkube.apiserver.api.HumanDuration.format(Duration.between(Instant.parse(start), until));
  }
}
