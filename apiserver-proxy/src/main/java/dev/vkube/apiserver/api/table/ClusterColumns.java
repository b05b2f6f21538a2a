package dev.vkube.apiserver.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Nodes, events, storage and the plain config kinds (printers.go printNode, printEvent, printSecret ...). */
final class ClusterColumns {
  private ClusterColumns() {}

  static List<Column> nodes(Clock clock) {
    return List.of(
        Column.text("Status", ClusterColumns::nodeStatus),
        Column.text("Roles", ClusterColumns::roles),
        Column.text("Age", n -> Cells.age(clock, n)),
        Column.text("Version", n -> Cells.text(n, "status.nodeInfo.kubeletVersion")),
        Column.wide("Internal-IP", n -> address(n, "InternalIP")),
        Column.wide("External-IP", n -> address(n, "ExternalIP")),
        Column.wide("OS-Image", n -> Cells.text(n, "status.nodeInfo.osImage")),
        Column.wide("Kernel-Version", n -> Cells.text(n, "status.nodeInfo.kernelVersion")),
        Column.wide("Container-Runtime", n -> Cells.text(n, "status.nodeInfo.containerRuntimeVersion")));
  }

  private static String nodeStatus(JsonNode node) {
    String ready = "Unknown";
    for (JsonNode c : Cells.at(node, "status.conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        ready = c.path("status").asText().equals("True") ? "Ready" : "NotReady";
      }
    }
    return Cells.at(node, "spec.unschedulable").asBoolean(false) ? ready + ",SchedulingDisabled" : ready;
  }

  /** node-role.kubernetes.io/ROLE labels and kubernetes.io/role (findNodeRoles). */
  private static String roles(JsonNode node) {
    TreeSet<String> roles = new TreeSet<>();
    node.path("metadata").path("labels").fields().forEachRemaining(e -> {
      if (e.getKey().startsWith("node-role.kubernetes.io/")) {
        roles.add(e.getKey().substring("node-role.kubernetes.io/".length()));
      } else if (e.getKey().equals("kubernetes.io/role")) {
        roles.add(e.getValue().asText());
      }
    });
    return roles.isEmpty() ? Cells.NONE : String.join(",", roles);
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode a : Cells.at(node, "status.addresses")) {
      if (a.path("type").asText().equals(type)) {
        return a.path("address").asText();
      }
    }
    return Cells.NONE;
  }

  static List<Column> events(Clock clock) {
    return List.of(
        Column.text("Last Seen", e -> Cells.since(clock, lastSeen(e))),
        Column.text("Type", e -> Cells.text(e, "type")),
        Column.text("Reason", e -> Cells.text(e, "reason")),
        Column.text("Object", e -> Cells.text(e, "involvedObject.kind").toLowerCase(java.util.Locale.ROOT) + "/"
            + Cells.text(e, "involvedObject.name")),
        Column.wide("Subobject", e -> Cells.text(e, "involvedObject.fieldPath")),
        Column.wide("Source", e -> Cells.text(e, "source.component")),
        Column.text("Message", e -> Cells.text(e, "message").trim()),
        Column.wide("First Seen", e -> Cells.since(clock, Cells.text(e, "firstTimestamp"))),
        Column.wide("Count", e -> Cells.text(e, "count")),
        Column.wide("Name", e -> Cells.text(e, "metadata.name")));
  }

  private static String lastSeen(JsonNode event) {
    for (String field : new String[] {"lastTimestamp", "eventTime", "series.lastObservedTime", "firstTimestamp",
        "metadata.creationTimestamp"}) {
      String value = Cells.text(event, field);
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "";
  }

  static List<Column> persistentVolumes(Clock clock) {
    return List.of(
        Column.text("Capacity", p -> Cells.text(p, "spec.capacity.storage")),
        Column.text("Access Modes", p -> accessModes(Cells.at(p, "spec.accessModes"))),
        Column.text("Reclaim Policy", p -> Cells.text(p, "spec.persistentVolumeReclaimPolicy")),
        Column.text("Status", p -> Cells.text(p, "status.phase")),
        Column.text("Claim", p -> Cells.text(p, "spec.claimRef.name").isEmpty() ? ""
            : Cells.text(p, "spec.claimRef.namespace") + "/" + Cells.text(p, "spec.claimRef.name")),
        Column.text("StorageClass", p -> Cells.text(p, "spec.storageClassName")),
        Column.text("VolumeAttributesClass", p -> Cells.orUnset(Cells.text(p, "spec.volumeAttributesClassName"))),
        Column.text("Reason", p -> Cells.text(p, "status.reason")),
        Column.text("Age", p -> Cells.age(clock, p)),
        Column.wide("VolumeMode", p -> Cells.text(p, "spec.volumeMode")));
  }

  static List<Column> persistentVolumeClaims(Clock clock) {
    return List.of(
        Column.text("Status", p -> Cells.text(p, "status.phase")),
        Column.text("Volume", p -> Cells.text(p, "spec.volumeName")),
        Column.text("Capacity", p -> Cells.text(p, "status.capacity.storage")),
        Column.text("Access Modes", p -> accessModes(Cells.at(p, "status.accessModes"))),
        Column.text("StorageClass", p -> Cells.text(p, "spec.storageClassName")),
        Column.text("VolumeAttributesClass", p -> Cells.orUnset(Cells.text(p, "spec.volumeAttributesClassName"))),
        Column.text("Age", p -> Cells.age(clock, p)),
        Column.wide("VolumeMode", p -> Cells.text(p, "spec.volumeMode")));
  }

  /** RWO, ROX, RWX, RWOP (GetAccessModesAsString). */
  private static String accessModes(JsonNode modes) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : modes) {
      switch (m.asText()) {
        case "ReadWriteOnce" -> out.add("RWO");
        case "ReadOnlyMany" -> out.add("ROX");
        case "ReadWriteMany" -> out.add("RWX");
        case "ReadWriteOncePod" -> out.add("RWOP");
        default -> out.add(m.asText());
      }
    }
    return String.join(",", out);
  }

  static List<Column> rbacBindings(Clock clock) {
    return List.of(
        Column.text("Role", b -> Cells.text(b, "roleRef.kind") + "/" + Cells.text(b, "roleRef.name")),
        Column.text("Age", b -> Cells.age(clock, b)),
        Column.wide("Users", b -> subjects(b, "User")),
        Column.wide("Groups", b -> subjects(b, "Group")),
        Column.wide("ServiceAccounts", b -> subjects(b, "ServiceAccount")));
  }

  private static String subjects(JsonNode binding, String kind) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : binding.path("subjects")) {
      if (s.path("kind").asText().equals(kind)) {
        out.add(kind.equals("ServiceAccount") ? s.path("namespace").asText() + "/" + s.path("name").asText()
            : s.path("name").asText());
      }
    }
    return String.join(", ", out);
  }
}
