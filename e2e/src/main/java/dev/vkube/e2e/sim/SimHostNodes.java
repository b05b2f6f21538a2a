package dev.vkube.e2e.sim;

import io.fabric8.kubernetes.client.KubernetesClient;

/** What makes an API server a host with nodes: the nodes, their kubelets and a scheduler. */
public final class SimHostNodes implements AutoCloseable {
  private final SimNodes nodes;
  private final SimulatedKubelet kubelet;
  private final SimScheduler scheduler;

  private SimHostNodes(SimNodes nodes, SimulatedKubelet kubelet, SimScheduler scheduler) {
    this.nodes = nodes;
    this.kubelet = kubelet;
    this.scheduler = scheduler;
  }

  public static SimHostNodes start(KubernetesClient host, String prefix, int count) {
    SimNodes nodes = SimNodes.register(host, prefix, count);
    return new SimHostNodes(nodes, new SimulatedKubelet(host, nodes), new SimScheduler(host, nodes.names()));
  }

  public SimNodes nodes() {
    return nodes;
  }

  @Override
  public void close() {
    scheduler.close();
    kubelet.close();
    nodes.close();
  }
}
