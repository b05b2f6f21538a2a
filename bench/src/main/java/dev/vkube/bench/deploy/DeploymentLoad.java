package dev.vkube.bench.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the Deployments "at once": all of them as fast as the server takes them, a fixed number of
 * POSTs in flight. Each has its own selector, one container, and a pod template bound round-robin to
 * the stand-in nodes (see StandInKubelet for why the template carries spec.nodeName).
 */
final class DeploymentLoad {
  static final String IMAGE = "registry.k8s.io/pause:3.10";
  private final Cluster cluster;
  private final String namespace;
  private final DeployBenchOptions options;

  DeploymentLoad(Cluster cluster, String namespace, DeployBenchOptions options) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.options = options;
  }

  record Created(int succeeded, int failed, long nanos) {}

  Created createAll() throws InterruptedException {
    Semaphore inFlight = new Semaphore(options.concurrency());
    CountDownLatch done = new CountDownLatch(options.deployments());
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    String path = "/apis/apps/v1/namespaces/" + namespace + "/deployments";
    long start = System.nanoTime();
    for (int i = 0; i < options.deployments(); i++) {
      inFlight.acquire();
      cluster.send("POST", path, deployment(i)).whenComplete((reply, error) -> {
        if (error == null && reply.code() == 201) {
          ok.incrementAndGet();
        } else if (failed.incrementAndGet() <= 3) {
          System.err.println("deploy-bench: create failed: " + (error != null ? error : reply.code() + " "
              + reply.body()));
        }
        inFlight.release();
        done.countDown();
      });
    }
    done.await();
    return new Created(ok.get(), failed.get(), System.nanoTime() - start);
  }

  private ObjectNode deployment(int index) {
    String name = String.format("bench-%04d", index);
    ObjectNode d = Cluster.JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
    d.putObject("metadata").put("name", name).putObject("labels").put("app", name);
    ObjectNode spec = d.putObject("spec").put("replicas", options.replicas());
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    ObjectNode podSpec = template.putObject("spec").put("nodeName",
        StandInNodes.NAME_PREFIX + (index % options.nodes())).put("terminationGracePeriodSeconds", 0);
    podSpec.putArray("containers").addObject().put("name", "app").put("image", IMAGE);
    return d;
  }
}
