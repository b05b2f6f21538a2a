package dev.vkube.apiserver.controllers.workloads;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Jobs and CronJobs on a real server; pods finished by a stand-in kubelet, time moved by a test clock. */
class JobIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static WorkloadCluster workloads;
  static TestCluster cluster;
  static Kubectl kubectl;
  static final MutableClock CLOCK = new MutableClock();

  @BeforeAll
  static void start() throws Exception {
    workloads = WorkloadCluster.start(etcd, dataDir, CLOCK);
    cluster = workloads.cluster;
    kubectl = workloads.kubectl;
  }

  @AfterAll
  static void stop() throws Exception {
    workloads.close();
  }

  static JsonNode get(String path) throws Exception {
    return workloads.get(path);
  }

  static List<JsonNode> items(String path) throws Exception {
    return workloads.items(path);
  }

  static void create(String ns, String resource, String body) throws Exception {
    var r = cluster.api().send("POST", "/apis/batch/v1/namespaces/" + ns + "/" + resource, "application/json", body);
    assertEquals(201, r.code(), r.body());
  }

  static String job(String name, String spec) {
    return "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec
        + (spec.isEmpty() ? "" : ",") + "\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":"
        + "[{\"name\":\"main\",\"image\":\"busybox\"}]}}}}";
  }

  static JsonNode condition(String ns, String job, String type) throws Exception {
    return Conditions.get(get("/apis/batch/v1/namespaces/" + ns + "/jobs/" + job).path("status"), type);
  }

  @Test
  void jobCompletesWhenItsPodsSucceed() throws Exception {
    String ns = cluster.namespace();
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.SUCCEEDED)) {
      create(ns, "jobs", job("calc", "\"completions\":3,\"parallelism\":2"));
      kubectl.ok("-n", ns, "wait", "--for=condition=complete", "job/calc", "--timeout=60s");
    }
    JsonNode status = get("/apis/batch/v1/namespaces/" + ns + "/jobs/calc").path("status");
    assertEquals(3, status.path("succeeded").asInt());
    assertEquals(0, status.path("active").asInt());
    assertTrue(status.hasNonNull("startTime") && status.hasNonNull("completionTime"), status.toString());
    List<JsonNode> pods = items("/api/v1/namespaces/" + ns + "/pods");
    assertEquals(3, pods.size());
    JsonNode pod = pods.get(0);
    assertTrue(pod.path("metadata").path("name").asText().matches("calc-[a-z0-9]{5}"));
    assertEquals("calc", pod.path("metadata").path("labels").path("job-name").asText());
    assertEquals("Job", pod.path("metadata").path("ownerReferences").get(0).path("kind").asText());
    assertEquals(pod.path("metadata").path("ownerReferences").get(0).path("uid").asText(),
        pod.path("metadata").path("labels").path("controller-uid").asText());
  }

  @Test
  void indexedJobRunsEachIndexOnce() throws Exception {
    String ns = cluster.namespace();
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.SUCCEEDED)) {
      create(ns, "jobs", job("idx", "\"completions\":3,\"parallelism\":3,\"completionMode\":\"Indexed\""));
      kubectl.ok("-n", ns, "wait", "--for=condition=complete", "job/idx", "--timeout=60s");
    }
    assertEquals("0-2", get("/apis/batch/v1/namespaces/" + ns + "/jobs/idx").path("status").path("completedIndexes")
        .asText());
    for (JsonNode pod : items("/api/v1/namespaces/" + ns + "/pods")) {
      String index = pod.path("metadata").path("annotations").path("batch.kubernetes.io/job-completion-index").asText();
      assertTrue(pod.path("metadata").path("name").asText().startsWith("idx-" + index + "-"));
      assertEquals(index, pod.path("metadata").path("labels").path("batch.kubernetes.io/job-completion-index").asText());
      assertEquals("idx-" + index, pod.path("spec").path("hostname").asText());
    }
  }

  @Test
  void failuresBeyondBackoffLimitFailTheJob() throws Exception {
    String ns = cluster.namespace();
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.FAILED)) {
      create(ns, "jobs", job("flaky", "\"backoffLimit\":0"));
      create(ns, "jobs", job("policed", "\"backoffLimit\":6,\"podFailurePolicy\":{\"rules\":[{\"action\":\"FailJob\","
          + "\"onExitCodes\":{\"operator\":\"In\",\"values\":[1]}}]}"));
      await().atMost(Duration.ofSeconds(30)).until(() -> condition(ns, "flaky", "Failed") != null
          && condition(ns, "policed", "Failed") != null);
    }
    assertEquals("BackoffLimitExceeded", condition(ns, "flaky", "Failed").path("reason").asText());
    assertEquals("PodFailurePolicy", condition(ns, "policed", "Failed").path("reason").asText());
    assertTrue(condition(ns, "policed", "Failed").path("message").asText().contains("failed with exit code 1"));
  }

  @Test
  void activeDeadlineFailsTheJobAndRemovesItsPods() throws Exception {
    String ns = cluster.namespace();
    create(ns, "jobs", job("slow", "\"activeDeadlineSeconds\":2"));
    await().atMost(Duration.ofSeconds(30)).until(() -> condition(ns, "slow", "Failed") != null);
    assertEquals("DeadlineExceeded", condition(ns, "slow", "Failed").path("reason").asText());
    await().atMost(Duration.ofSeconds(10)).until(() -> items("/api/v1/namespaces/" + ns + "/pods").isEmpty());
  }

  @Test
  void finishedJobIsDeletedAfterItsTtl() throws Exception {
    String ns = cluster.namespace();
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.SUCCEEDED)) {
      create(ns, "jobs", job("short", "\"ttlSecondsAfterFinished\":1"));
      // Deleted in the foreground as upstream's ttl controller does: gone, or waiting for the garbage collector.
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        var r = cluster.api().get("/apis/batch/v1/namespaces/" + ns + "/jobs/short");
        return r.code() == 404 || r.json().path("metadata").has("deletionTimestamp");
      });
    }
  }

  @Test
  void cronJobStartsAJobEachScheduledMinute() throws Exception {
    String ns = cluster.namespace();
    create(ns, "cronjobs", """
        {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"tick"},
         "spec":{"schedule":"* * * * *","timeZone":"America/New_York","concurrencyPolicy":"Forbid",
          "jobTemplate":{"metadata":{"labels":{"team":"a"}},"spec":{"template":{"spec":{"restartPolicy":"Never",
           "containers":[{"name":"main","image":"busybox"}]}}}}}}""");
    String path = "/apis/batch/v1/namespaces/" + ns + "/cronjobs/tick";
    CLOCK.advance(Duration.ofSeconds(61));
    touch(ns);
    await().atMost(Duration.ofSeconds(20)).until(() -> items("/apis/batch/v1/namespaces/" + ns + "/jobs").size() == 1
        && get(path).path("status").path("active").size() == 1);
    JsonNode job = items("/apis/batch/v1/namespaces/" + ns + "/jobs").get(0);
    long minute = java.time.Instant.parse(get(path).path("status").path("lastScheduleTime").asText())
        .getEpochSecond() / 60;
    assertEquals("tick-" + minute, job.path("metadata").path("name").asText());
    assertEquals("a", job.path("metadata").path("labels").path("team").asText());
    assertEquals("CronJob", job.path("metadata").path("ownerReferences").get(0).path("kind").asText());

    // Forbid: the next minute passes while the first Job still runs, so no second Job.
    CLOCK.advance(Duration.ofSeconds(61));
    touch(ns);
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertEquals(1, items("/apis/batch/v1/namespaces/" + ns + "/jobs").size());

    // Once the first Job succeeds, the minute that was skipped meanwhile runs at once, as upstream's does.
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.SUCCEEDED)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> get(path).path("status").hasNonNull("lastSuccessfulTime")
          && items("/apis/batch/v1/namespaces/" + ns + "/jobs").size() == 2);
      // The clock follows real time plus the test's offset, so the most recent missed minute is minute + 1
      // or, if a real minute boundary passed meanwhile, a later one (upstream runs the most recent).
      String second = items("/apis/batch/v1/namespaces/" + ns + "/jobs").stream()
          .map(j -> j.path("metadata").path("name").asText()).sorted().toList().get(1);
      long secondMinute = Long.parseLong(second.substring("tick-".length()));
      assertTrue(secondMinute > minute && secondMinute <= CLOCK.instant().getEpochSecond() / 60, second);
    }
  }

  /** Any change requeues the CronJob, so it looks at the moved clock now rather than at its next timer. */
  static void touch(String ns) throws Exception {
    kubectl.ok("-n", ns, "label", "cronjob/tick", "--overwrite", "touched=" + System.nanoTime());
  }
}
