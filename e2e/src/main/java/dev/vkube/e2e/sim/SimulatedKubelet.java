package dev.vkube.e2e.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kubelets of the simulated nodes, over the host API like real ones: pods bound to one of the
 * nodes (by the host's scheduler, through pods/binding) are started in the nodes' {@link KubeletApi}
 * (which serves their logs and exec) and then reported Running (pod IP, Ready conditions, running
 * container states), so that a Running pod's streams are there; pods being deleted are stopped and
 * confirmed gone (the kubelet's final delete with grace 0).
 */
public final class SimulatedKubelet implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int WORKERS = 8;

  private final KubernetesClient host;
  private final SimNodes nodes;
  private final KubeletApi api;
  private final SharedIndexInformer<Pod> informer;
  private final PodWorkers worker = new PodWorkers("sim-kubelet", WORKERS);
  private final AtomicInteger nextIp = new AtomicInteger(10);

  public SimulatedKubelet(KubernetesClient host, SimNodes nodes, KubeletApi api) {
    this.host = host;
    this.nodes = nodes;
    this.api = api;
    this.informer = host.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        submit(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        submit(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {
        // On the worker, after any earlier event of the pod that would start it again.
        worker.submit(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
            () -> api.stop(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
      }
    });
  }

  private void submit(Pod pod) {
    if (nodes.names().contains(pod.getSpec().getNodeName())) {
      worker.submit(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), () -> handle(pod));
    }
  }

  private void handle(Pod pod) {
    try {
      var resource = host.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        api.stop(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        resource.withGracePeriod(0).delete();
        return;
      }
      // Also for a pod already Running: after a restart of this process its containers run again.
      if (!api.runs(pod.getMetadata().getNamespace(), pod.getMetadata().getName())) {
        api.run(SimPod.of(JSON.valueToTree(pod)));
      }
      if (!"Running".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
        pod.setStatus(running(pod));
        host.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
      }
    } catch (RuntimeException e) {
      // A conflict or a race with deletion: the next event brings the pod again.
    }
  }

  private PodStatus running(Pod pod) {
    String now = Instant.now().toString();
    int n = nextIp.getAndIncrement();
    String ip = "10.244." + (n / 250 % 250) + "." + (n % 250 + 2);
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    status.setPhase("Running");
    status.setPodIP(ip);
    status.setPodIPs(List.of(new PodIP(ip)));
    status.setHostIP(nodes.internalIp(pod.getSpec().getNodeName()));
    status.setStartTime(now);
    status.setConditions(List.of(condition("PodScheduled", now), condition("Initialized", now),
        condition("ContainersReady", now), condition("Ready", now)));
    List<ContainerStatus> containers = pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
        .withName(c.getName()).withImage(c.getImage()).withImageID("sim://" + c.getImage())
        .withContainerID("sim://" + pod.getMetadata().getUid() + "/" + c.getName())
        .withReady(true).withStarted(true).withRestartCount(0)
        .withNewState().withNewRunning(now).endState().build()).toList();
    status.setContainerStatuses(containers);
    return status;
  }

  private static PodCondition condition(String type, String now) {
    return new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(now).build();
  }

  @Override
  public void close() {
    informer.close();
    worker.close();
  }
}
