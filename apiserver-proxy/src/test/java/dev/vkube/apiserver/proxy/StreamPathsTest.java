package dev.vkube.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the streams go: kubelet paths as kube-apiserver builds them (strategy.go LogLocation,
 * streamParams with the kubelet's input/output/error/tty names, PortForwardLocation; query encoded
 * by url.Values.Encode, keys sorted), the node's address and port, and the host pod's API path.
 */
class StreamPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static StreamQuery query(String... pairs) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
    }
    return new StreamQuery(params);
  }

  @Test
  void logOptionsPassedOnInKubeletForm() {
    assertEquals("/containerLogs/team/web/app?follow=true&limitBytes=100&tailLines=5&timestamps=true",
        KubeletPaths.path(PodStream.LOG, "team", "web", "app", query("container", "app", "follow", "true",
            "tailLines", "5", "timestamps", "true", "limitBytes", "100", "previous", "false", "pretty", "true")));
    assertEquals("/containerLogs/team/web/app", KubeletPaths.path(PodStream.LOG, "team", "web", "app", query()));
  }

  @Test
  void execKeepsTheArgvInOrderAndRenamesStreams() {
    assertEquals("/exec/team/web/app?command=sh&command=-c&command=echo+hi&error=1&input=1&output=1",
        KubeletPaths.path(PodStream.EXEC, "team", "web", "app", query("command", "sh", "command", "-c",
            "command", "echo hi", "container", "app", "stdin", "true", "stdout", "true", "stderr", "true")));
  }

  @Test
  void attachHasNoCommandAndPortForwardIsPerPod() {
    assertEquals("/attach/team/web/app?output=1&tty=1", KubeletPaths.path(PodStream.ATTACH, "team", "web", "app",
        query("stdout", "1", "tty", "true", "command", "ignored")));
    assertEquals("/portForward/team/web?port=80&port=443", KubeletPaths.path(PodStream.PORTFORWARD, "team", "web",
        null, query("ports", "80", "ports", "443")));
  }

  @Test
  void kubeletAddressPrefersInternalIpThenHostnameAndPortDefaultsTo10250() {
    ObjectNode node = JSON.createObjectNode();
    var addresses = node.putObject("status").putArray("addresses");
    addresses.addObject().put("type", "Hostname").put("address", "node-a");
    assertEquals("node-a", KubeletTarget.address(node));
    assertEquals(10250, KubeletTarget.port(node));
    addresses.addObject().put("type", "InternalIP").put("address", "10.0.0.7");
    ((ObjectNode) node.path("status")).putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 11250);
    assertEquals("10.0.0.7", KubeletTarget.address(node));
    assertEquals(11250, KubeletTarget.port(node));
  }

  @Test
  void hostTargetAddressesTheTranslatedPodWithTheClientsOptions() throws Exception {
    HostApi host = new HostApi(java.net.URI.create("https://10.1.2.3:6443"),
        new UpstreamTls(null, false, null, null, "t0ken"));
    HostApiTarget target = new HostApiTarget(host, (ns, name) -> new HostPodName("vc-host", name + "-x-" + ns));
    ObjectNode pod = JSON.createObjectNode();
    pod.putObject("metadata").put("name", "web").put("namespace", "team");
    Upstream upstream = target.locate(PodStream.EXEC, pod, "app", query("command", "ls", "container", "app",
        "stdout", "true")).toCompletableFuture().get();
    assertEquals("10.1.2.3", upstream.host());
    assertEquals(6443, upstream.port());
    assertEquals("/api/v1/namespaces/vc-host/pods/web-x-team/exec?command=ls&container=app&stdout=true",
        upstream.pathAndQuery());
    assertEquals("t0ken", upstream.tls().bearerToken());
  }
}
