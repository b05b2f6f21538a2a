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
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Runs a Job's pods to completion (pkg/controller/job/job_controller.go): up to parallelism active
 * pods until completions succeed (per index in Indexed mode), failures counted against backoffLimit
 * unless the pod failure policy says otherwise, activeDeadlineSeconds, suspension, and deletion
 * ttlSecondsAfterFinished after the end (pkg/controller/ttlafterfinished). Counts are read from the
 * pods, never lowered (the job-tracking finalizer upstream uses to keep them is not set).
 *
 * <p>Longer than most files because syncJob's steps (failure, completion, suspension, pod management
 * for both completion modes, status) share one observation of the pods.
 */
final class JobReconciler implements Reconciler<String> {
  static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
  static final Duration BACKOFF_BASE = Duration.ofSeconds(10);
  static final Duration BACKOFF_MAX = Duration.ofMinutes(6);

  private final WorkloadClient client;
  private final ObjectCache jobs;
  private final OwnedIndex pods;
  private final Expectations expectations;
  private final Clock clock;

  JobReconciler(WorkloadClient client, OwnedIndex pods, Clock clock) {
    this.client = client;
    this.jobs = client.cache(Kind.JOB);
    this.pods = pods;
    this.expectations = new Expectations(client.cache(Kind.POD), clock);
    this.clock = clock;
  }

  @Override
  public Result reconcile(String key) {
    ObjectNode job = jobs.get(Keys.namespace(key), Keys.name(key));
    if (job == null) {
      expectations.forget(key);
      return Result.done();
    }
    if (finished(job.path("status"))) {
      return expireAfterTtl(job);
    }
    if (Meta.deleting(job)) {
      return Result.done();
    }
    return new Sync(key, job).run();
  }

  static boolean finished(JsonNode status) {
    return Conditions.isTrue(status, "Complete") || Conditions.isTrue(status, "Failed");
  }

  /** ttlafterfinished: a finished Job with ttlSecondsAfterFinished is deleted (foreground) once it expires. */
  private Result expireAfterTtl(ObjectNode job) {
    JsonNode ttl = job.path("spec").path("ttlSecondsAfterFinished");
    if (!ttl.canConvertToLong() || Meta.deleting(job)) {
      return Result.done();
    }
    JsonNode failed = Conditions.get(job.path("status"), "Failed");
    String finishedAt = job.path("status").path("completionTime").asText(
        failed == null ? "" : failed.path("lastTransitionTime").asText(""));
    Instant expiry = (finishedAt.isEmpty() ? clock.instant() : Instant.parse(finishedAt)).plusSeconds(ttl.asLong());
    Duration left = Duration.between(clock.instant(), expiry);
    if (left.isNegative() || left.isZero()) {
      client.delete(Kind.JOB, Meta.namespace(job), Meta.name(job), Meta.uid(job), "Foreground");
      return Result.done();
    }
    return Result.after(left);
  }

  /** One sync of one Job (syncJob). */
  private final class Sync {
    private final String key;
    private final ObjectNode job;
    private final JsonNode spec;
    private final Instant now = clock.instant();
    private final List<ObjectNode> active = new ArrayList<>();
    private final List<ObjectNode> succeededPods = new ArrayList<>();
    private final List<ObjectNode> failedPods = new ArrayList<>();
    private final boolean indexed;
    private final int completions;
    private int terminating;

    Sync(String key, ObjectNode job) {
      this.key = key;
      this.job = job;
      this.spec = job.path("spec");
      this.indexed = "Indexed".equals(spec.path("completionMode").asText());
      this.completions = spec.path("completions").asInt(-1);
      for (ObjectNode pod : pods.owned(Meta.uid(job))) {
        if (Pods.active(pod)) {
          active.add(pod);
        } else if ("Succeeded".equals(Pods.phase(pod))) {
          succeededPods.add(pod);
        } else if ("Failed".equals(Pods.phase(pod))) {
          failedPods.add(pod);
        } else {
          terminating++;
        }
      }
    }

    Result run() {
      ObjectNode status = job.path("status").isObject() ? job.get("status").deepCopy()
          : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      boolean suspended = spec.path("suspend").asBoolean(false);
      if (!suspended && !status.hasNonNull("startTime")) {
        status.put("startTime", Meta.timestamp(now));
      }
      BitSet completed = completedIndexes(status);
      int succeeded = Math.max(status.path("succeeded").asInt(0), indexed ? completed.cardinality()
          : succeededPods.size());
      String failJob = null;
      int failed = 0;
      PodFailurePolicy policy = PodFailurePolicy.of(spec);
      for (ObjectNode pod : failedPods) {
        PodFailurePolicy.Match match = policy.evaluate(pod);
        failJob = failJob == null && match.action() == PodFailurePolicy.Action.FAIL_JOB ? match.message() : failJob;
        failed += match.action() == PodFailurePolicy.Action.IGNORE ? 0 : 1;
      }
      failed = Math.max(status.path("failed").asInt(0), failed);
      Result next = Result.done();
      String[] failure = failure(failJob, failed, status);
      if (failure != null) {
        deleteAll(active);
        active.clear();
        Conditions.set(status, "FailureTarget", "True", failure[0], failure[1], now, false);
        Conditions.set(status, "Failed", "True", failure[0], failure[1], now, false);
      } else if (complete(succeeded, completed)) {
        deleteAll(active);
        active.clear();
        Conditions.set(status, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of "
            + "succeeded pods", now, false);
        Conditions.set(status, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods",
            now, false);
        status.put("completionTime", Meta.timestamp(now));
      } else if (suspended) {
        deleteAll(active);
        active.clear();
        Conditions.set(status, "Suspended", "True", "JobSuspended", "Job suspended", now, false);
      } else {
        if (Conditions.isTrue(status, "Suspended")) {
          Conditions.set(status, "Suspended", "False", "JobResumed", "Job resumed", now, false);
          status.put("startTime", Meta.timestamp(now));
        }
        next = expectations.satisfied(key) ? manage(succeeded, failed, completed) : Result.done();
        next = Result.min(next, untilDeadline(status));
      }
      writeStatus(status, succeeded, failed, completed);
      return finished(status) ? expireAfterTtl(job.deepCopy().set("status", status)) : next;
    }

    private BitSet completedIndexes(JsonNode status) {
      BitSet completed = CompletedIndexes.parse(status.path("completedIndexes").asText(""), Math.max(completions, 0));
      if (indexed) {
        for (ObjectNode pod : succeededPods) {
          int index = index(pod);
          if (index >= 0 && index < completions) {
            completed.set(index);
          }
        }
      }
      return completed;
    }

    /** The reason and message of a failure, or null: the failure policy, backoffLimit, activeDeadlineSeconds. */
    private String[] failure(String failJob, int failed, JsonNode status) {
      if (failJob != null) {
        return new String[] {"PodFailurePolicy", failJob};
      }
      if (failed > spec.path("backoffLimit").asInt(6)) {
        return new String[] {"BackoffLimitExceeded", "Job has reached the specified backoff limit"};
      }
      if (untilDeadline(status).requeueAfter().equals(Duration.ofMillis(1))) {
        return new String[] {"DeadlineExceeded", "Job was active longer than specified deadline"};
      }
      return null;
    }

    /** When activeDeadlineSeconds runs out (1 ms: already past). */
    private Result untilDeadline(JsonNode status) {
      JsonNode deadline = spec.path("activeDeadlineSeconds");
      if (!deadline.canConvertToLong() || !status.hasNonNull("startTime") || spec.path("suspend").asBoolean(false)) {
        return Result.done();
      }
      Instant end = Instant.parse(status.path("startTime").asText()).plusSeconds(deadline.asLong());
      Duration left = Duration.between(now, end);
      return Result.after(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
    }

    private boolean complete(int succeeded, BitSet completed) {
      if (indexed) {
        return completed.cardinality() >= completions;
      }
      if (completions < 0) {
        return succeeded > 0 && active.isEmpty();
      }
      return succeeded >= completions;
    }

    /** Creates or deletes pods toward the wanted number of active ones, after the failure backoff. */
    private Result manage(int succeeded, int failed, BitSet completed) {
      int parallelism = spec.path("parallelism").asInt(1);
      if (indexed) {
        return manageIndexed(parallelism, completed, failed);
      }
      // Without completions, once one pod succeeded the rest are left to finish (no new ones, none removed).
      int want = completions < 0 ? (succeeded > 0 ? active.size() : parallelism)
          : Math.min(parallelism, completions - succeeded);
      want = Math.max(0, want);
      if (active.size() > want) {
        deleteAll(active.stream().sorted(Pods.DELETE_FIRST).limit(active.size() - want).toList());
        return Result.done();
      }
      Duration backoff = backoff(failed);
      if (active.size() < want && !backoff.isZero()) {
        return Result.after(backoff);
      }
      for (int i = active.size(); i < want; i++) {
        if (!create(-1)) {
          return Result.again();
        }
      }
      return Result.done();
    }

    private Result manageIndexed(int parallelism, BitSet completed, int failed) {
      BitSet running = new BitSet();
      List<ObjectNode> extra = new ArrayList<>();
      for (ObjectNode pod : active) {
        int index = index(pod);
        if (index < 0 || index >= completions || completed.get(index) || running.get(index)) {
          extra.add(pod);
        } else {
          running.set(index);
        }
      }
      deleteAll(extra);
      int room = parallelism - running.cardinality();
      Duration backoff = backoff(failed);
      if (room > 0 && !backoff.isZero()) {
        return Result.after(backoff);
      }
      for (int index = 0; index < completions && room > 0; index++) {
        if (!completed.get(index) && !running.get(index)) {
          if (!create(index)) {
            return Result.again();
          }
          room--;
        }
      }
      return Result.done();
    }

    /** The exponential delay before replacing failed pods (10 s doubling, at most 6 min), still to wait. */
    private Duration backoff(int failed) {
      if (failed == 0 || failedPods.isEmpty()) {
        return Duration.ZERO;
      }
      long factor = 1L << Math.min(failed - 1, 10);
      Duration delay = BACKOFF_BASE.multipliedBy(factor);
      delay = delay.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : delay;
      Instant last = failedPods.stream().map(Sync::finishedAt).max(Instant::compareTo).orElse(now);
      Duration left = Duration.between(now, last.plus(delay));
      return left.isNegative() ? Duration.ZERO : left;
    }

    private static Instant finishedAt(JsonNode pod) {
      Instant latest = null;
      for (JsonNode status : pod.path("status").path("containerStatuses")) {
        String text = status.path("state").path("terminated").path("finishedAt").asText("");
        if (!text.isEmpty() && (latest == null || Instant.parse(text).isAfter(latest))) {
          latest = Instant.parse(text);
        }
      }
      return latest != null ? latest : Instant.parse(pod.path("metadata").path("creationTimestamp").asText());
    }

    private boolean create(int index) {
      ObjectNode pod = Pods.fromTemplate(spec.path("template"), Kind.JOB, job);
      String prefix = Meta.name(job) + "-" + (index >= 0 ? index + "-" : "");
      Meta.metadata(pod).put("generateName", prefix);
      if (index >= 0) {
        indexPod(pod, index);
      }
      try {
        expectations.created(key, Keys.of(client.create(Kind.POD, Meta.namespace(job), pod)));
        return true;
      } catch (ApiException e) {
        return false;
      }
    }

    /** An Indexed Job's pod: its index as annotation, label and env, and a stable hostname (addCompletionIndex*). */
    private void indexPod(ObjectNode pod, int index) {
      Meta.metadata(pod).with("annotations").put(INDEX_KEY, Integer.toString(index));
      Pods.labels(pod).put(INDEX_KEY, Integer.toString(index));
      ObjectNode podSpec = pod.with("spec");
      if (podSpec.path("hostname").asText("").isEmpty()) {
        podSpec.put("hostname", Meta.name(job) + "-" + index);
      }
      for (String list : new String[] {"initContainers", "containers"}) {
        for (JsonNode c : podSpec.path(list)) {
          ((ObjectNode) c).withArray("env").addObject().put("name", "JOB_COMPLETION_INDEX").putObject("valueFrom")
              .putObject("fieldRef").put("fieldPath", "metadata.annotations['" + INDEX_KEY + "']");
        }
      }
    }

    private void deleteAll(List<ObjectNode> victims) {
      for (ObjectNode pod : victims) {
        expectations.deleted(key, Keys.of(pod), Meta.uid(pod));
        client.delete(Kind.POD, Meta.namespace(pod), Meta.name(pod), Meta.uid(pod), null);
      }
    }

    private void writeStatus(ObjectNode status, int succeeded, int failed, BitSet completed) {
      setCount(status, "active", active.size());
      setCount(status, "succeeded", succeeded);
      setCount(status, "failed", failed);
      status.put("ready", (int) active.stream().filter(Pods::ready).count());
      status.put("terminating", terminating);
      if (indexed && !completed.isEmpty()) {
        status.put("completedIndexes", CompletedIndexes.format(completed));
      }
      status.with("uncountedTerminatedPods");
      if (!status.equals(job.path("status"))) {
        client.updateStatus(Kind.JOB, job, status);
      }
    }

    private void setCount(ObjectNode status, String field, int value) {
      if (value > 0) {
        status.put(field, value);
      } else {
        status.remove(field);
      }
    }
  }

  static int index(JsonNode pod) {
    try {
      return Integer.parseInt(pod.path("metadata").path("annotations").path(INDEX_KEY).asText("-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
