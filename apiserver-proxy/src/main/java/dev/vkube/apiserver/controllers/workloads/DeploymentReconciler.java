package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rolls a Deployment's pod template out through ReplicaSets (pkg/controller/deployment): one
 * ReplicaSet per template, named by its hash; RollingUpdate within maxSurge/maxUnavailable or
 * Recreate; proportional scaling; revisions for rollout history/undo; old ReplicaSets beyond
 * revisionHistoryLimit deleted; status and conditions for rollout status.
 *
 * <p>Longer than most files because one sync walks the whole of upstream's sync.go, rolling.go and
 * recreate.go over shared state (the ReplicaSets as they are written); the pure parts live in
 * RollingUpdate, ProportionalScaling, DeploymentRevisions and DeploymentStatus.
 */
final class DeploymentReconciler implements Reconciler<String> {
  private final WorkloadClient client;
  private final ObjectCache deployments;
  private final ObjectCache replicaSetCache;
  private final OwnedIndex replicaSets;
  private final OwnedIndex pods;
  private final Clock clock;

  DeploymentReconciler(WorkloadClient client, OwnedIndex replicaSets, OwnedIndex pods, Clock clock) {
    this.client = client;
    this.deployments = client.cache(Kind.DEPLOYMENT);
    this.replicaSetCache = client.cache(Kind.REPLICA_SET);
    this.replicaSets = replicaSets;
    this.pods = pods;
    this.clock = clock;
  }

  @Override
  public Result reconcile(String key) {
    ObjectNode d = deployments.get(Keys.namespace(key), Keys.name(key));
    if (d == null || d.path("spec").path("selector").isEmpty()) {
      return Result.done();
    }
    Rollout rollout = new Rollout(d, replicaSets.owned(Meta.uid(d)));
    return rollout.run();
  }

  /** One sync of one Deployment (syncDeployment), holding the ReplicaSets as they are written. */
  private final class Rollout {
    private ObjectNode d;
    private final String namespace;
    private final RollingUpdate sizes;
    private final List<ObjectNode> olds = new ArrayList<>();
    private ObjectNode newRs;

    Rollout(ObjectNode d, List<ObjectNode> owned) {
      this.d = d;
      this.namespace = Meta.namespace(d);
      this.sizes = RollingUpdate.of(d.path("spec"));
      this.newRs = DeploymentRevisions.findNew(d, owned);
      owned.stream().filter(rs -> rs != newRs).forEach(olds::add);
    }

    Result run() {
      if (Meta.deleting(d)) {
        return writeStatus(DeploymentStatus.calculate(d, all(), newRs, clock.instant()));
      }
      checkPausedCondition();
      boolean paused = d.path("spec").path("paused").asBoolean(false);
      if (paused || isScalingEvent()) {
        return syncScale(paused);
      }
      return DeploymentStatus.isRolling(d) ? rolling() : recreate();
    }

    List<ObjectNode> all() {
      List<ObjectNode> all = new ArrayList<>(olds);
      if (newRs != null) {
        all.add(newRs);
      }
      return all;
    }

    // ---- paused and scaling (sync.go sync, scale)

    private void checkPausedCondition() {
      JsonNode c = Conditions.get(d.path("status"), DeploymentStatus.PROGRESSING);
      if (DeploymentStatus.deadlineSeconds(d) == DeploymentStatus.NO_DEADLINE) {
        return;
      }
      boolean paused = d.path("spec").path("paused").asBoolean(false);
      boolean pausedReason = c != null && DeploymentStatus.PAUSED.equals(c.path("reason").asText());
      if (paused == pausedReason) {
        return;
      }
      ObjectNode status = Conditions.statusCopy(d);
      DeploymentStatus.set(status, DeploymentStatus.PROGRESSING, "Unknown", paused ? DeploymentStatus.PAUSED
          : DeploymentStatus.RESUMED, paused ? "Deployment is paused" : "Deployment is resumed", clock.instant());
      d = client.updateStatus(Kind.DEPLOYMENT, d, status);
    }

    private boolean isScalingEvent() {
      syncRevision(false);
      int replicas = sizes.replicas();
      return all().stream().filter(rs -> DeploymentRevisions.replicas(rs) > 0).anyMatch(rs -> {
        String desired = rs.path("metadata").path("annotations").path(DeploymentRevisions.DESIRED_REPLICAS).asText("");
        return !desired.isEmpty() && !desired.equals(Integer.toString(replicas));
      });
    }

    private Result syncScale(boolean paused) {
      syncRevision(false);
      scale();
      if (paused) {
        cleanup();
      }
      return writeStatus(DeploymentStatus.calculate(d, all(), newRs, clock.instant()));
    }

    private void scale() {
      ObjectNode single = activeOrLatest();
      if (single != null) {
        scaleTo(single, sizes.replicas());
        return;
      }
      if (saturated()) {
        for (ObjectNode old : List.copyOf(olds)) {
          scaleTo(old, 0);
        }
        return;
      }
      if (DeploymentStatus.isRolling(d)) {
        new ProportionalScaling(sizes, d.path("status").path("replicas").asInt(0)).apply(
            all().stream().filter(rs -> DeploymentRevisions.replicas(rs) > 0).toList(), newRs, this::scaleTo);
      }
    }

    /** FindActiveOrLatest: the only ReplicaSet with pods, or the newest when none has any. */
    private ObjectNode activeOrLatest() {
      List<ObjectNode> active = all().stream().filter(rs -> DeploymentRevisions.replicas(rs) > 0).toList();
      if (active.size() == 1) {
        return active.get(0);
      }
      if (!active.isEmpty()) {
        return null;
      }
      return newRs != null ? newRs : olds.stream().max(DeploymentRevisions.BY_CREATION).orElse(null);
    }

    private boolean saturated() {
      return newRs != null && DeploymentRevisions.replicas(newRs) == sizes.replicas()
          && newRs.path("metadata").path("annotations").path(DeploymentRevisions.DESIRED_REPLICAS).asText("")
          .equals(Integer.toString(sizes.replicas()))
          && newRs.path("status").path("availableReplicas").asInt(0) == sizes.replicas();
    }

    // ---- strategies (rolling.go, recreate.go)

    private Result rolling() {
      if (!syncRevision(true)) {
        return Result.again();
      }
      if (reconcileNewReplicaSet() || reconcileOldReplicaSets()) {
        return syncRolloutStatus();
      }
      if (DeploymentStatus.complete(d, d.path("status"))) {
        cleanup();
      }
      return syncRolloutStatus();
    }

    private Result recreate() {
      syncRevision(false);
      boolean scaledDown = false;
      for (ObjectNode old : List.copyOf(olds)) {
        scaledDown |= DeploymentRevisions.replicas(old) > 0 && scaleTo(old, 0);
      }
      if (scaledDown || oldPodsRunning()) {
        return syncRolloutStatus();
      }
      if (newRs == null && !syncRevision(true)) {
        return Result.again();
      }
      scaleTo(newRs, sizes.replicas());
      if (DeploymentStatus.complete(d, d.path("status"))) {
        cleanup();
      }
      return syncRolloutStatus();
    }

    /** Recreate waits until no pod of an old ReplicaSet is left running (oldPodsRunning). */
    private boolean oldPodsRunning() {
      for (ObjectNode old : olds) {
        if (old.path("status").path("replicas").asInt(0) > 0) {
          return true;
        }
        if (pods.owned(Meta.uid(old)).stream().anyMatch(p -> !Pods.terminal(p))) {
          return true;
        }
      }
      return false;
    }

    private boolean reconcileNewReplicaSet() {
      int current = DeploymentRevisions.replicas(newRs);
      if (current == sizes.replicas()) {
        return false;
      }
      if (current > sizes.replicas()) {
        return scaleTo(newRs, sizes.replicas());
      }
      int all = all().stream().mapToInt(DeploymentRevisions::replicas).sum();
      return scaleTo(newRs, sizes.newReplicaSetReplicas(all, current));
    }

    private boolean reconcileOldReplicaSets() {
      List<ObjectNode> active = olds.stream().filter(rs -> DeploymentRevisions.replicas(rs) > 0)
          .sorted(DeploymentRevisions.BY_CREATION).toList();
      if (active.isEmpty()) {
        return false;
      }
      int all = all().stream().mapToInt(DeploymentRevisions::replicas).sum();
      int maxScaledDown = sizes.maxScaledDown(all, DeploymentRevisions.replicas(newRs),
          newRs.path("status").path("availableReplicas").asInt(0));
      if (maxScaledDown <= 0) {
        return false;
      }
      int cleaned = 0;
      for (ObjectNode rs : active) {
        int unhealthy = DeploymentRevisions.replicas(rs) - rs.path("status").path("availableReplicas").asInt(0);
        if (cleaned >= maxScaledDown || unhealthy <= 0) {
          continue;
        }
        int down = Math.min(maxScaledDown - cleaned, unhealthy);
        scaleTo(rs, DeploymentRevisions.replicas(rs) - down);
        cleaned += down;
      }
      int available = all().stream().mapToInt(rs -> rs.path("status").path("availableReplicas").asInt(0)).sum();
      int total = sizes.availableScaleDown(available);
      int scaled = 0;
      for (ObjectNode rs : olds.stream().filter(r -> DeploymentRevisions.replicas(r) > 0)
          .sorted(DeploymentRevisions.BY_CREATION).toList()) {
        if (scaled >= total) {
          break;
        }
        int down = Math.min(DeploymentRevisions.replicas(rs), total - scaled);
        scaleTo(rs, DeploymentRevisions.replicas(rs) - down);
        scaled += down;
      }
      return cleaned + scaled > 0;
    }

    // ---- ReplicaSets and revisions (sync.go getAllReplicaSetsAndSyncRevision)

    /** Brings the new ReplicaSet's annotations up to date, creating it if asked; false on a hash collision. */
    private boolean syncRevision(boolean create) {
      long revision = DeploymentRevisions.maxRevision(olds) + 1;
      if (newRs != null) {
        ObjectNode updated = newRs.deepCopy();
        boolean changed = DeploymentRevisions.annotate(updated, d, revision, null);
        int minReady = d.path("spec").path("minReadySeconds").asInt(0);
        changed |= updated.path("spec").path("minReadySeconds").asInt(0) != minReady;
        if (changed) {
          newRs = client.update(Kind.REPLICA_SET, namespace, Meta.name(newRs), rs -> {
            DeploymentRevisions.annotate(rs, d, revision, null);
            rs.with("spec").put("minReadySeconds", minReady);
            return rs;
          });
        }
        setDeploymentRevision(Long.toString(DeploymentRevisions.revision(newRs)), "FoundNewReplicaSet",
            "Found new replica set \"" + Meta.name(newRs) + "\"");
        return true;
      }
      return !create || createNewReplicaSet(revision);
    }

    private boolean createNewReplicaSet(long revision) {
      long collisions = d.path("status").path("collisionCount").asLong(0);
      String hash = TemplateHash.of(d.path("spec").path("template"), collisions);
      int all = olds.stream().mapToInt(DeploymentRevisions::replicas).sum();
      int replicas = DeploymentStatus.isRolling(d) ? sizes.newReplicaSetReplicas(all, 0) : sizes.replicas();
      ObjectNode rs = DeploymentRevisions.newReplicaSet(d, hash, replicas, revision, sizes);
      try {
        newRs = client.create(Kind.REPLICA_SET, namespace, rs);
      } catch (ApiException e) {
        if (e.code() != 409) {
          throw e;
        }
        ObjectNode existing = replicaSetCache.get(namespace, Meta.name(rs));
        if (existing != null && !(Owners.isControlledBy(existing, d) && DeploymentRevisions.sameTemplate(
            existing.path("spec").path("template"), d.path("spec").path("template")))) {
          ObjectNode status = Conditions.statusCopy(d);
          status.put("collisionCount", collisions + 1);
          client.updateStatus(Kind.DEPLOYMENT, d, status);
        }
        return false;
      }
      setDeploymentRevision(Long.toString(revision), "NewReplicaSetCreated",
          "Created new replica set \"" + Meta.name(newRs) + "\"");
      return true;
    }

    /** The Deployment carries its current revision; a Progressing condition says where the rollout is. */
    private void setDeploymentRevision(String revision, String reason, String message) {
      if (!revision.equals(d.path("metadata").path("annotations").path(DeploymentRevisions.REVISION).asText(""))) {
        d = client.update(Kind.DEPLOYMENT, namespace, Meta.name(d), current -> {
          Meta.metadata(current).with("annotations").put(DeploymentRevisions.REVISION, revision);
          return current;
        });
      }
      boolean created = "NewReplicaSetCreated".equals(reason);
      JsonNode c = Conditions.get(d.path("status"), DeploymentStatus.PROGRESSING);
      if (DeploymentStatus.deadlineSeconds(d) != DeploymentStatus.NO_DEADLINE && (created || c == null)) {
        ObjectNode status = Conditions.statusCopy(d);
        DeploymentStatus.set(status, DeploymentStatus.PROGRESSING, "True", reason, message, clock.instant());
        d = client.updateStatus(Kind.DEPLOYMENT, d, status);
      }
    }

    /** Sets a ReplicaSet's size and size annotations; true when that was a change. */
    private boolean scaleTo(ObjectNode rs, int replicas) {
      String desired = Integer.toString(sizes.replicas());
      String max = Integer.toString(sizes.maxReplicas());
      JsonNode annotations = rs.path("metadata").path("annotations");
      boolean sizeChanged = DeploymentRevisions.replicas(rs) != replicas;
      if (!sizeChanged && desired.equals(annotations.path(DeploymentRevisions.DESIRED_REPLICAS).asText(""))
          && max.equals(annotations.path(DeploymentRevisions.MAX_REPLICAS).asText(""))) {
        return false;
      }
      ObjectNode updated = client.update(Kind.REPLICA_SET, namespace, Meta.name(rs), current -> {
        current.with("spec").put("replicas", replicas);
        ObjectNode a = Meta.metadata(current).with("annotations");
        a.put(DeploymentRevisions.DESIRED_REPLICAS, desired);
        a.put(DeploymentRevisions.MAX_REPLICAS, max);
        return current;
      });
      if (rs == newRs) {
        newRs = updated;
      } else {
        olds.replaceAll(o -> o == rs ? updated : o);
      }
      return sizeChanged;
    }

    /** cleanupDeployment: drops the oldest empty ReplicaSets beyond revisionHistoryLimit. */
    private void cleanup() {
      JsonNode limit = d.path("spec").path("revisionHistoryLimit");
      if (!limit.canConvertToInt()) {
        return;
      }
      List<ObjectNode> cleanable = olds.stream().filter(rs -> !Meta.deleting(rs))
          .sorted(Comparator.comparingLong(DeploymentRevisions::revision).thenComparing(DeploymentRevisions.BY_CREATION))
          .toList();
      int excess = cleanable.size() - limit.asInt();
      for (int i = 0; i < excess; i++) {
        ObjectNode rs = cleanable.get(i);
        boolean empty = DeploymentRevisions.replicas(rs) == 0 && rs.path("status").path("replicas").asInt(0) == 0
            && rs.path("status").path("observedGeneration").asLong(0) >= rs.path("metadata").path("generation")
            .asLong(0);
        if (empty) {
          client.delete(Kind.REPLICA_SET, namespace, Meta.name(rs), Meta.uid(rs), null);
        }
      }
    }

    // ---- status (progress.go)

    private Result syncRolloutStatus() {
      ObjectNode status = DeploymentStatus.calculate(d, all(), newRs, clock.instant());
      DeploymentStatus.progress(d, status, newRs, clock.instant());
      JsonNode failure = all().stream().map(rs -> Conditions.get(rs.path("status"), "ReplicaFailure"))
          .filter(c -> c != null).findFirst().orElse(null);
      if (failure != null) {
        DeploymentStatus.set(status, "ReplicaFailure", failure.path("status").asText(), failure.path("reason").asText(),
            failure.path("message").asText(), clock.instant());
      } else {
        Conditions.remove(status, "ReplicaFailure");
      }
      Result written = writeStatus(status);
      Duration wait = DeploymentStatus.untilDeadline(d, status, clock.instant());
      return wait.isZero() ? written : Result.min(written, Result.after(wait));
    }

    private Result writeStatus(ObjectNode status) {
      if (!status.equals(d.path("status"))) {
        d = client.updateStatus(Kind.DEPLOYMENT, d, status);
      }
      return Result.done();
    }
  }
}
