package dev.vkube.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.certs.CertificateAuthority;
import dev.vkube.e2e.Kubectl.Result;
import dev.vkube.e2e.sim.KubeletApi;
import dev.vkube.e2e.sim.SimHostNodes;
import dev.vkube.e2e.sim.SimPod;
import java.nio.file.Path;

/**
 * A cluster's node backed by a simulated kubelet: the Node object (InternalIP 127.0.0.1 and the
 * kubelet's port in daemonEndpoints) and pods bound to it, marked Running and run by the kubelet.
 */
final class SimCluster {
  static final ObjectMapper JSON = new ObjectMapper();

  private SimCluster() {}

  /** The cluster CA of a server's data directory (it signs the kubelet's serving certificate). */
  static CertificateAuthority ca(Path kubeconfig) {
    return SimHostNodes.clusterCa(kubeconfig.getParent().resolve("pki"));
  }

  static void registerNode(Kubectl k, String node, KubeletApi kubelet) throws Exception {
    registerNode(k, node, kubelet.port());
  }

  /** A node whose kubelet is said to listen on {@code kubeletPort} of 127.0.0.1. */
  static void registerNode(Kubectl k, String node, int kubeletPort) throws Exception {
    check(k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + node + "\"}}",
        "apply", "-f", "-"));
    check(k.run("patch", "node", node, "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"},{\"type\":\"Hostname\","
            + "\"address\":\"" + node + "\"}],\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + kubeletPort
            + "}}}}"));
  }

  /** A pod with the given containers (name, then env GREETING=hello-NAME), on {@code node} (or unscheduled). */
  static ObjectNode pod(String namespace, String name, String node, String... containers) {
    ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", name).put("namespace", namespace);
    ObjectNode spec = pod.putObject("spec");
    if (node != null) {
      spec.put("nodeName", node);
    }
    for (String c : containers) {
      ObjectNode container = spec.withArray("containers").addObject().put("name", c).put("image", "busybox");
      container.putArray("env").addObject().put("name", "GREETING").put("value", "hello-" + c);
    }
    return pod;
  }

  /** Creates the pod; when it has a node, marks it Running and lets the kubelet run it. */
  static void create(Kubectl k, ObjectNode pod, KubeletApi kubelet) throws Exception {
    check(k.runWithInput(pod.toString(), "create", "-f", "-"));
    JsonNode meta = pod.path("metadata");
    if (pod.path("spec").has("nodeName")) {
      check(k.run("patch", "pod", meta.path("name").asText(), "-n", meta.path("namespace").asText(),
          "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Running\"}}"));
      kubelet.run(SimPod.of(pod));
    }
  }

  static Result check(Result r) {
    if (r.exitCode() != 0) {
      throw new IllegalStateException("kubectl failed: " + r.stderr());
    }
    return r;
  }
}
