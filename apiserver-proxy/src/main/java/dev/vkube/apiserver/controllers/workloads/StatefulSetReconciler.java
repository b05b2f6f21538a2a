package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps a StatefulSet's pods {@code <set>-0..N-1} (pkg/controller/statefulset/stateful_set_control.go):
 * with OrderedReady one at a time, each waiting for the previous to be Running and Ready, and removed
 * from the highest ordinal down; with Parallel all at once. Claims {@code <claim>-<set>-<ordinal>} are
 * created from volumeClaimTemplates before their pod. RollingUpdate replaces pods at or above the
 * partition, highest first, one healthy pod at a time; revisions are ControllerRevisions.
 */
final class StatefulSetReconciler implements Reconciler<String> {
  static final String REVISION_LABEL = "controller-revision-hash";
  static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

  private final WorkloadClient client;
  private final ObjectCache sets;
  private final ObjectCache claims;
  private final OwnedIndex pods;
  private final ControllerRevisions revisions;
  private final Clock clock;

  StatefulSetReconciler(WorkloadClient client, OwnedIndex pods, ControllerRevisions revisions, Clock clock) {
    this.client = client;
    this.sets = client.cache(Kind.STATEFUL_SET);
    this.claims = client.cache(Kind.PVC);
    this.pods = pods;
    this.revisions = revisions;
    this.clock = clock;
  }

  @Override
  public Result reconcile(String key) {
    ObjectNode set = sets.get(Keys.namespace(key), Keys.name(key));
    if (set == null || Meta.deleting(set)) {
      return Result.done();
    }
    List<ObjectNode> history = revisions.owned(set);
    ObjectNode update = revisions.current(Kind.STATEFUL_SET, set, history);
    ObjectNode current = history.stream().filter(r -> Meta.name(r).equals(set.path("status").path("currentRevision")
        .asText())).findFirst().orElse(update);
    TreeMap<Integer, ObjectNode> byOrdinal = new TreeMap<>();
    for (ObjectNode pod : pods.owned(Meta.uid(set))) {
      int ordinal = ordinal(set, pod);
      if (ordinal >= 0) {
        byOrdinal.put(ordinal, pod);
      }
    }
    new Step(set, current, update, byOrdinal).run();
    ObjectNode status = status(set, byOrdinal, current, update);
    if (!status.equals(set.path("status"))) {
      client.updateStatus(Kind.STATEFUL_SET, set, status);
    }
    Set<String> live = new HashSet<>(List.of(Meta.name(current), Meta.name(update)));
    byOrdinal.values().forEach(p -> live.add(p.path("metadata").path("labels").path(REVISION_LABEL).asText()));
    revisions.truncate(set, revisions.owned(set), live);
    return Result.done();
  }

  static int ordinal(JsonNode set, JsonNode pod) {
    String prefix = Meta.name(set) + "-";
    String name = Meta.name(pod);
    if (!name.startsWith(prefix) || !name.substring(prefix.length()).matches("\\d{1,9}")) {
      return -1;
    }
    return Integer.parseInt(name.substring(prefix.length()));
  }

  /** One pass of the ordered state machine: stops where OrderedReady must wait (updateStatefulSet). */
  private final class Step {
    private final ObjectNode set;
    private final ObjectNode current;
    private final ObjectNode update;
    private final TreeMap<Integer, ObjectNode> pods;
    private final boolean ordered;
    private final int replicas;

    Step(ObjectNode set, ObjectNode current, ObjectNode update, TreeMap<Integer, ObjectNode> pods) {
      this.set = set;
      this.current = current;
      this.update = update;
      this.pods = pods;
      this.ordered = !"Parallel".equals(set.path("spec").path("podManagementPolicy").asText());
      this.replicas = set.path("spec").path("replicas").asInt(1);
    }

    void run() {
      if (createOrWait() && condemn()) {
        rollingUpdate();
      }
    }

    /** Replicas below spec.replicas: failed ones replaced, missing ones created; false where ordering waits. */
    private boolean createOrWait() {
      for (int i = 0; i < replicas; i++) {
        ObjectNode pod = pods.get(i);
        if (pod != null && "Failed".equals(Pods.phase(pod)) && !Meta.deleting(pod)) {
          client.delete(Kind.POD, Meta.namespace(pod), Meta.name(pod), Meta.uid(pod), null);
          return false;
        }
        if (pod == null) {
          pods.put(i, create(i));
          if (ordered) {
            return false;
          }
        } else if (ordered && !(healthy(pod))) {
          return false;
        }
      }
      return true;
    }

    /** Pods at or above spec.replicas go, highest ordinal first (one at a time when ordered). */
    private boolean condemn() {
      for (Integer i : pods.descendingKeySet()) {
        if (i < replicas) {
          break;
        }
        ObjectNode pod = pods.get(i);
        if (!Meta.deleting(pod)) {
          client.delete(Kind.POD, Meta.namespace(pod), Meta.name(pod), Meta.uid(pod), null);
        }
        if (ordered) {
          return false;
        }
      }
      return true;
    }

    /** RollingUpdate: from the highest ordinal down to the partition, one pod at a time, each healthy first. */
    private void rollingUpdate() {
      JsonNode strategy = set.path("spec").path("updateStrategy");
      if (!"RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"))) {
        return;
      }
      int partition = strategy.path("rollingUpdate").path("partition").asInt(0);
      for (int i = replicas - 1; i >= partition; i--) {
        ObjectNode pod = pods.get(i);
        if (pod == null) {
          continue;
        }
        if (!revision(pod).equals(Meta.name(update))) {
          if (!Meta.deleting(pod)) {
            client.delete(Kind.POD, Meta.namespace(pod), Meta.name(pod), Meta.uid(pod), null);
          }
          return;
        }
        if (!healthy(pod)) {
          return;
        }
      }
    }

    private ObjectNode create(int ordinal) {
      int partition = set.path("spec").path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
      ObjectNode revision = ordinal < partition ? current : update;
      ObjectNode pod = Pods.fromTemplate(ControllerRevisions.template(revision), Kind.STATEFUL_SET, set);
      String name = Meta.name(set) + "-" + ordinal;
      Meta.metadata(pod).put("name", name);
      ObjectNode labels = Pods.labels(pod);
      labels.put(REVISION_LABEL, Meta.name(revision));
      labels.put(POD_NAME_LABEL, name);
      labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
      ObjectNode spec = pod.with("spec");
      spec.put("hostname", name);
      if (set.path("spec").hasNonNull("serviceName")) {
        spec.put("subdomain", set.path("spec").path("serviceName").asText());
      }
      for (JsonNode template : set.path("spec").path("volumeClaimTemplates")) {
        String claim = claim(template, ordinal);
        ArrayNode volumes = spec.withArray("volumes");
        for (int v = volumes.size() - 1; v >= 0; v--) {
          if (volumes.get(v).path("name").asText().equals(Meta.name(template))) {
            volumes.remove(v);
          }
        }
        volumes.addObject().put("name", Meta.name(template)).putObject("persistentVolumeClaim")
            .put("claimName", claim);
      }
      try {
        return client.create(Kind.POD, Meta.namespace(set), pod);
      } catch (ApiException e) {
        if (e.code() != 409) {
          throw e;
        }
        return pod; // made by an earlier sync the cache does not show yet
      }
    }

    /** createPersistentVolumeClaims: the claim of one template for one ordinal, if not there yet. */
    private String claim(JsonNode template, int ordinal) {
      String name = Meta.name(template) + "-" + Meta.name(set) + "-" + ordinal;
      if (claims.get(Meta.namespace(set), name) != null) {
        return name;
      }
      ObjectNode pvc = JsonNodeFactory.instance.objectNode();
      pvc.put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
      ObjectNode meta = pvc.putObject("metadata");
      meta.put("name", name);
      ObjectNode labels = template.path("metadata").path("labels").isObject()
          ? template.path("metadata").path("labels").deepCopy() : JsonNodeFactory.instance.objectNode();
      set.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e -> labels.set(e.getKey(),
          e.getValue()));
      meta.set("labels", labels);
      if (template.path("metadata").path("annotations").isObject()) {
        meta.set("annotations", template.path("metadata").path("annotations").deepCopy());
      }
      if ("Delete".equals(set.path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenDeleted").asText())) {
        Meta.metadata(pvc).putArray("ownerReferences").add(Owners.controllerRef(Kind.STATEFUL_SET, set));
      }
      pvc.set("spec", template.path("spec").deepCopy());
      try {
        client.create(Kind.PVC, Meta.namespace(set), pvc);
      } catch (ApiException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
      return name;
    }
  }

  static String revision(JsonNode pod) {
    return pod.path("metadata").path("labels").path(REVISION_LABEL).asText("");
  }

  static boolean healthy(JsonNode pod) {
    return Pods.running(pod) && Pods.ready(pod) && !Meta.deleting(pod);
  }

  private ObjectNode status(ObjectNode set, TreeMap<Integer, ObjectNode> byOrdinal, ObjectNode current,
      ObjectNode update) {
    int minReady = set.path("spec").path("minReadySeconds").asInt(0);
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int currentCount = 0;
    int updated = 0;
    for (ObjectNode pod : byOrdinal.values()) {
      if (Meta.deleting(pod) || pod.path("metadata").path("uid").isMissingNode()) {
        continue;
      }
      replicas++;
      ready += Pods.running(pod) && Pods.ready(pod) ? 1 : 0;
      available += Pods.running(pod) && Pods.available(pod, minReady, clock.instant()) ? 1 : 0;
      currentCount += revision(pod).equals(Meta.name(current)) ? 1 : 0;
      updated += revision(pod).equals(Meta.name(update)) ? 1 : 0;
    }
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("observedGeneration", set.path("metadata").path("generation").asLong());
    status.put("replicas", replicas);
    ReplicaSetReconciler.putPositive(status, "readyReplicas", ready);
    ReplicaSetReconciler.putPositive(status, "currentReplicas", currentCount);
    ReplicaSetReconciler.putPositive(status, "updatedReplicas", updated);
    status.put("currentRevision", Meta.name(current));
    status.put("updateRevision", Meta.name(update));
    status.put("collisionCount", set.path("status").path("collisionCount").asInt(0));
    status.put("availableReplicas", available);
    // completeRollingUpdate: once every pod is updated and ready, the update revision becomes current.
    if (updated == replicas && ready == replicas && replicas == set.path("spec").path("replicas").asInt(1)) {
      ReplicaSetReconciler.putPositive(status, "currentReplicas", updated);
      status.put("currentRevision", Meta.name(update));
    }
    return status;
  }
}
