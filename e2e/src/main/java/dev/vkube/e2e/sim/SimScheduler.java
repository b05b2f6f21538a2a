package dev.vkube.e2e.sim;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The simulated host's scheduler: every unbound pod of the host is bound, round robin, to one of the
 * simulated nodes through the pods/binding subresource, as kube-scheduler's DefaultBinder does
 * (POST of a v1 Binding). No filters or scores: the nodes are identical and never full.
 */
public final class SimScheduler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SimScheduler.class.getName());
  static final int WORKERS = 8;

  private final KubernetesClient host;
  private final List<String> nodes;
  private final SharedIndexInformer<Pod> informer;
  private final AtomicInteger next = new AtomicInteger();
  private final PodWorkers worker = new PodWorkers("sim-scheduler", WORKERS);

  public SimScheduler(KubernetesClient host, List<String> nodes) {
    this.host = host;
    this.nodes = List.copyOf(nodes);
    this.informer = host.pods().inAnyNamespace().withField("spec.nodeName", "").inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        worker.submit(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), () -> bind(pod));
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {
      }
    });
  }

  private void bind(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
    Binding binding = new BindingBuilder().withNewMetadata().withName(pod.getMetadata().getName())
        .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid()).endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build();
    try {
      host.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
      scheduled(pod, node);
    } catch (KubernetesClientException e) {
      // 409: bound meanwhile (or gone); anything else is logged and left to the next add.
      if (e.getCode() != 409 && e.getCode() != 404) {
        LOG.warning("bind failed pod=" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
            + " code=" + e.getCode());
      }
    }
  }

  /**
   * kube-scheduler's event after a bind (schedule_one.go: reason Scheduled, "Successfully assigned
   * NS/NAME to NODE"), in core v1 form; the name is {@code <pod>.<hex nanos>} as event recorders make it.
   */
  private void scheduled(Pod pod, String node) {
    String now = java.time.Instant.now().toString();
    String namespace = pod.getMetadata().getNamespace();
    try {
      host.v1().events().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
          .withNewMetadata().withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
          .withNamespace(namespace).endMetadata()
          .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(namespace)
          .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endInvolvedObject()
          .withType("Normal").withReason("Scheduled")
          .withMessage("Successfully assigned " + namespace + "/" + pod.getMetadata().getName() + " to " + node)
          .withNewSource().withComponent("default-scheduler").endSource().withReportingComponent("default-scheduler")
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build()).create();
    } catch (KubernetesClientException e) {
      LOG.fine("event not recorded pod=" + namespace + "/" + pod.getMetadata().getName() + " code=" + e.getCode());
    }
  }

  @Override
  public void close() {
    informer.close();
    worker.close();
  }
}
