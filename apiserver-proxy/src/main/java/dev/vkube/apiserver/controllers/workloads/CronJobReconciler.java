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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;

/**
 * Creates a CronJob's Jobs on schedule (pkg/controller/cronjob/cronjob_controllerv2.go): the most
 * recent unmet time since lastScheduleTime (or creation) within startingDeadlineSeconds, in
 * spec.timeZone; Job names {@code <cronjob>-<minutes since epoch>}; concurrencyPolicy; the active
 * list; lastScheduleTime/lastSuccessfulTime; finished Jobs beyond the history limits deleted.
 */
final class CronJobReconciler implements Reconciler<String> {
  static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
  /** Requeues land just after the scheduled minute (nextScheduleTimeDuration adds 100 ms). */
  private static final Duration AFTER_SCHEDULE = Duration.ofMillis(100);
  /** At most this many missed times are walked through to find the latest (upstream warns past 100). */
  private static final int MAX_MISSED = 500_000;

  private final WorkloadClient client;
  private final ObjectCache cronJobs;
  private final OwnedIndex jobs;
  private final Clock clock;

  CronJobReconciler(WorkloadClient client, OwnedIndex jobs, Clock clock) {
    this.client = client;
    this.cronJobs = client.cache(Kind.CRON_JOB);
    this.jobs = jobs;
    this.clock = clock;
  }

  @Override
  public Result reconcile(String key) {
    ObjectNode cj = cronJobs.get(Keys.namespace(key), Keys.name(key));
    if (cj == null || Meta.deleting(cj)) {
      return Result.done();
    }
    List<ObjectNode> owned = jobs.owned(Meta.uid(cj));
    ObjectNode status = Conditions.statusCopy(cj);
    trackActive(status, owned);
    cleanupHistory(cj, owned);
    Result next = Result.done();
    if (!cj.path("spec").path("suspend").asBoolean(false)) {
      next = schedule(cj, status);
    }
    if (!status.equals(cj.path("status"))) {
      client.updateStatus(Kind.CRON_JOB, cj, status);
    }
    return next;
  }

  /** status.active lists the unfinished Jobs; finished ones leave it and set lastSuccessfulTime. */
  private void trackActive(ObjectNode status, List<ObjectNode> owned) {
    java.util.Map<String, JsonNode> known = new java.util.HashMap<>();
    status.path("active").forEach(ref -> known.put(ref.path("uid").asText(), ref));
    ArrayNode active = status.putArray("active");
    Instant lastSuccess = status.hasNonNull("lastSuccessfulTime")
        ? Instant.parse(status.path("lastSuccessfulTime").asText()) : null;
    for (ObjectNode job : owned.stream().sorted(Comparator.comparing(Meta::name)).toList()) {
      if (!JobReconciler.finished(job.path("status"))) {
        active.add(known.containsKey(Meta.uid(job)) ? known.get(Meta.uid(job)) : reference(job));
      } else if (Conditions.isTrue(job.path("status"), "Complete") && job.path("status").hasNonNull("completionTime")) {
        Instant done = Instant.parse(job.path("status").path("completionTime").asText());
        lastSuccess = lastSuccess == null || done.isAfter(lastSuccess) ? done : lastSuccess;
      }
    }
    if (active.isEmpty()) {
      status.remove("active");
    }
    if (lastSuccess != null) {
      status.put("lastSuccessfulTime", Meta.timestamp(lastSuccess));
    }
  }

  private static ObjectNode reference(JsonNode job) {
    ObjectNode ref = JsonNodeFactory.instance.objectNode();
    ref.put("kind", "Job").put("namespace", Meta.namespace(job)).put("name", Meta.name(job))
        .put("uid", Meta.uid(job)).put("apiVersion", "batch/v1").put("resourceVersion", Meta.resourceVersion(job));
    return ref;
  }

  /** cleanupFinishedJobs: the oldest finished Jobs past successfulJobsHistoryLimit/failedJobsHistoryLimit. */
  private void cleanupHistory(ObjectNode cj, List<ObjectNode> owned) {
    trim(owned.stream().filter(j -> Conditions.isTrue(j.path("status"), "Complete")).toList(),
        cj.path("spec").path("successfulJobsHistoryLimit"));
    trim(owned.stream().filter(j -> Conditions.isTrue(j.path("status"), "Failed")).toList(),
        cj.path("spec").path("failedJobsHistoryLimit"));
  }

  private void trim(List<ObjectNode> finished, JsonNode limit) {
    if (!limit.canConvertToInt() || finished.size() <= limit.asInt()) {
      return;
    }
    List<ObjectNode> oldestFirst = finished.stream().filter(j -> !Meta.deleting(j)).sorted(Comparator.comparing(
        (ObjectNode j) -> j.path("status").path("startTime").asText(j.path("metadata").path("creationTimestamp")
            .asText())).thenComparing(Meta::name)).toList();
    for (int i = 0; i < oldestFirst.size() - limit.asInt(); i++) {
      ObjectNode job = oldestFirst.get(i);
      client.delete(Kind.JOB, Meta.namespace(job), Meta.name(job), Meta.uid(job), "Background");
    }
  }

  /** Starts the Job of the latest unmet schedule time, as the concurrency policy allows; when to look again. */
  private Result schedule(ObjectNode cj, ObjectNode status) {
    JsonNode spec = cj.path("spec");
    CronSchedule schedule;
    ZoneId zone;
    try {
      schedule = CronSchedule.parse(spec.path("schedule").asText());
      zone = spec.hasNonNull("timeZone") ? ZoneId.of(spec.path("timeZone").asText()) : ZoneOffset.UTC;
    } catch (RuntimeException e) {
      return Result.done(); // an unparsable schedule or zone waits for the CronJob to change (an event upstream)
    }
    ZonedDateTime now = clock.instant().atZone(zone);
    ZonedDateTime scheduled = latestUnmet(cj, status, schedule, now);
    Result next = untilNext(schedule, now);
    if (scheduled == null) {
      return next;
    }
    String policy = spec.path("concurrencyPolicy").asText("Allow");
    if ("Forbid".equals(policy) && status.has("active")) {
      return next;
    }
    if ("Replace".equals(policy)) {
      for (JsonNode ref : status.path("active")) {
        client.delete(Kind.JOB, ref.path("namespace").asText(), ref.path("name").asText(), ref.path("uid").asText(),
            "Background");
      }
      status.remove("active");
    }
    ObjectNode job = startJob(cj, scheduled);
    if (job != null) {
      status.withArray("active").add(reference(job));
    }
    status.put("lastScheduleTime", Meta.timestamp(scheduled.toInstant()));
    return next;
  }

  /** mostRecentScheduleTime: the last activation after lastScheduleTime/creation (and the deadline) up to now. */
  private static ZonedDateTime latestUnmet(ObjectNode cj, JsonNode status, CronSchedule schedule, ZonedDateTime now) {
    String last = status.path("lastScheduleTime").asText(cj.path("metadata").path("creationTimestamp").asText());
    Instant earliest = Instant.parse(last);
    JsonNode deadline = cj.path("spec").path("startingDeadlineSeconds");
    if (deadline.canConvertToLong()) {
      Instant floor = now.toInstant().minusSeconds(deadline.asLong());
      earliest = floor.isAfter(earliest) ? floor : earliest;
    }
    ZonedDateTime latest = null;
    ZonedDateTime t = schedule.next(earliest.atZone(now.getZone()));
    for (int i = 0; t != null && !t.isAfter(now) && i < MAX_MISSED; i++) {
      latest = t;
      t = schedule.next(t);
    }
    return latest;
  }

  private static Result untilNext(CronSchedule schedule, ZonedDateTime now) {
    ZonedDateTime next = schedule.next(now);
    return next == null ? Result.done() : Result.after(Duration.between(now, next).plus(AFTER_SCHEDULE));
  }

  /** getJobFromTemplate2: the Job for one scheduled time; an existing one (a retried sync) is reused. */
  private ObjectNode startJob(ObjectNode cj, ZonedDateTime scheduled) {
    JsonNode template = cj.path("spec").path("jobTemplate");
    ObjectNode job = JsonNodeFactory.instance.objectNode();
    job.put("apiVersion", "batch/v1").put("kind", "Job");
    ObjectNode meta = job.putObject("metadata");
    meta.put("name", Meta.name(cj) + "-" + scheduled.toEpochSecond() / 60);
    for (String field : new String[] {"labels", "annotations"}) {
      if (template.path("metadata").path(field).isObject()) {
        meta.set(field, template.path("metadata").path(field).deepCopy());
      }
    }
    meta.with("annotations").put(SCHEDULED_TIMESTAMP, scheduled.format(java.time.format.DateTimeFormatter
        .ISO_OFFSET_DATE_TIME));
    Owners.setController(job, Kind.CRON_JOB, cj);
    job.set("spec", template.path("spec").deepCopy());
    try {
      return client.create(Kind.JOB, Meta.namespace(cj), job);
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
      ObjectNode existing = client.cache(Kind.JOB).get(Meta.namespace(cj), meta.path("name").asText());
      return existing != null && Owners.isControlledBy(existing, cj) && !JobReconciler.finished(existing.path("status"))
          ? existing : null;
    }
  }
}
