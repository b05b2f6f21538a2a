package dev.vkube.scheduler;

import static dev.vkube.scheduler.TestCluster.GI;
import static dev.vkube.scheduler.TestCluster.cpuNode;
import static dev.vkube.scheduler.TestCluster.gpuNode;
import static dev.vkube.scheduler.TestCluster.gpuPod;
import static dev.vkube.scheduler.TestCluster.pod;
import static dev.vkube.scheduler.TestCluster.sharedPod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.Container;
import dev.vkube.scheduler.model.LabelSelector;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.NodeSelectorTerm;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.PodAffinityTerm;
import dev.vkube.scheduler.model.Requirement;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.model.Taint;
import dev.vkube.scheduler.model.TaintEffect;
import dev.vkube.scheduler.model.Toleration;
import dev.vkube.scheduler.model.TopologySpreadConstraint;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-scheduler filter scenarios as a table: a cluster, pods already bound, the incoming pod, and
 * the reason each node gives ("" = fits). Cases follow the behaviour of upstream's plugin tests
 * (pkg/scheduler/framework/plugins/*), written anew.
 */
class FilterScenariosTest {
  record Bound(Pod pod, String node) {}

  record Case(String name, List<Node> nodes, List<Bound> bound, Pod pod, Map<String, String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String ZONE = "topology.kubernetes.io/zone";
  private static final String HOST = "kubernetes.io/hostname";
  private static final Taint GPU_TAINT = new Taint("nvidia.com/gpu", "present", TaintEffect.NO_SCHEDULE);

  static Stream<Case> cases() {
    var cases = new ArrayList<Case>();
    nodeName(cases);
    unschedulable(cases);
    taints(cases);
    nodeAffinity(cases);
    resourceFit(cases);
    gpuDevices(cases);
    podAffinity(cases);
    topologySpread(cases);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void filterGivesUpstreamVerdict(Case c) {
    var snapshot = Snapshot.of(c.nodes());
    for (Bound b : c.bound()) {
      snapshot.bind(b.pod(), b.node(), GpuAllocation.NONE);
    }
    var scheduler = TestCluster.mostAllocated();
    Map<String, List<String>> reasons = scheduler.explain(snapshot, c.pod());
    c.expected().forEach((node, want) ->
        assertEquals(want, String.join("; ", reasons.get(node)), c.name() + " on " + node));
  }

  /**
   * An unplaced pod's decision names every node's first failure, whether a node-local filter or a
   * cluster-wide one (here pod anti-affinity) rejected it: the scheduler gathers these only after
   * the scan found no node, so this checks that second pass against {@code explain}.
   */
  @Test
  void unplacedDecisionCountsLocalAndGlobalRejections() {
    var snapshot = Snapshot.of(List.of(zoned("a", "z1"), zoned("b", "z1")));
    snapshot.bind(pod("w", 100, GI).withLabels(Map.of("app", "web")), "a", GpuAllocation.NONE);
    snapshot.bind(pod("big", 3950, GI), "b", GpuAllocation.NONE);
    Pod apart = pod("p", 100, GI).withPodAffinity(List.of(),
        List.of(PodAffinityTerm.of(LabelSelector.of(Map.of("app", "web")), HOST)));
    var scheduler = TestCluster.mostAllocated();

    Decision d = scheduler.place(snapshot, apart);

    assertEquals(Decision.UNSCHEDULABLE, d.reason());
    assertEquals("0/2 nodes are available: 1 Insufficient cpu, "
        + "1 node(s) didn't match pod anti-affinity rules.", d.message());
    assertEquals(Map.of("a", List.of("node(s) didn't match pod anti-affinity rules"),
        "b", List.of("Insufficient cpu")), d.nodeReasons());
    assertEquals(scheduler.explain(snapshot, apart), d.nodeReasons());
  }

  private static Node n(String name) {
    return cpuNode(name, 4000, 8 * GI);
  }

  private static Node zoned(String name, String zone) {
    return n(name).withLabels(Map.of(ZONE, zone, HOST, name));
  }

  private static void nodeName(List<Case> cases) {
    cases.add(new Case("nodeName matches", List.of(n("a"), n("b")), List.of(), pod("p", 100, GI).withNodeName("a"),
        Map.of("a", "", "b", "node(s) didn't match the requested node name")));
  }

  private static void unschedulable(List<Case> cases) {
    Node cordoned = n("a").withUnschedulable(true);
    cases.add(new Case("cordoned node", List.of(cordoned), List.of(), pod("p", 100, GI),
        Map.of("a", "node(s) were unschedulable")));
    cases.add(new Case("cordon tolerated", List.of(cordoned), List.of(), pod("p", 100, GI).withTolerations(List.of(
        Toleration.exists("node.kubernetes.io/unschedulable", TaintEffect.NO_SCHEDULE))), Map.of("a", "")));
  }

  private static void taints(List<Case> cases) {
    Node tainted = n("a").withTaints(List.of(GPU_TAINT));
    cases.add(new Case("untolerated taint", List.of(tainted), List.of(), pod("p", 100, GI),
        Map.of("a", "node(s) had untolerated taint {nvidia.com/gpu: present}")));
    cases.add(new Case("Exists with empty effect tolerates", List.of(tainted), List.of(),
        pod("p", 100, GI).withTolerations(List.of(Toleration.exists("nvidia.com/gpu", null))), Map.of("a", "")));
    cases.add(new Case("empty key Exists tolerates everything", List.of(tainted), List.of(),
        pod("p", 100, GI).withTolerations(List.of(Toleration.exists("", null))), Map.of("a", "")));
    cases.add(new Case("Equal with other value does not tolerate", List.of(tainted), List.of(),
        pod("p", 100, GI).withTolerations(List.of(Toleration.equal("nvidia.com/gpu", "absent", TaintEffect.NO_SCHEDULE))),
        Map.of("a", "node(s) had untolerated taint {nvidia.com/gpu: present}")));
    cases.add(new Case("effect must match", List.of(tainted), List.of(),
        pod("p", 100, GI).withTolerations(List.of(Toleration.exists("nvidia.com/gpu", TaintEffect.NO_EXECUTE))),
        Map.of("a", "node(s) had untolerated taint {nvidia.com/gpu: present}")));
    cases.add(new Case("PreferNoSchedule does not filter",
        List.of(n("a").withTaints(List.of(new Taint("k", "v", TaintEffect.PREFER_NO_SCHEDULE)))), List.of(),
        pod("p", 100, GI), Map.of("a", "")));
    cases.add(new Case("first untolerated taint is named",
        List.of(n("a").withTaints(List.of(new Taint("x", "1", TaintEffect.NO_EXECUTE), GPU_TAINT))), List.of(),
        pod("p", 100, GI).withTolerations(List.of(Toleration.exists("nvidia.com/gpu", null))),
        Map.of("a", "node(s) had untolerated taint {x: 1}")));
  }

  private static void nodeAffinity(List<Case> cases) {
    String reason = "node(s) didn't match Pod's node affinity/selector";
    Node h100 = n("a").withLabels(Map.of(GpuDemand.PRODUCT_LABEL, "H100", "nvidia.com/gpu.memory", "81920"));
    Node a10 = n("b").withLabels(Map.of(GpuDemand.PRODUCT_LABEL, "A10", "nvidia.com/gpu.memory", "24576"));
    List<Node> both = List.of(h100, a10);
    cases.add(new Case("nodeSelector", both, List.of(),
        pod("p", 100, GI).withNodeSelector(Map.of(GpuDemand.PRODUCT_LABEL, "A10")), Map.of("a", reason, "b", "")));
    cases.add(new Case("affinity In", both, List.of(), affinity(Requirement.in(GpuDemand.PRODUCT_LABEL, "H100")),
        Map.of("a", "", "b", reason)));
    cases.add(new Case("affinity NotIn", both, List.of(), affinity(Requirement.notIn(GpuDemand.PRODUCT_LABEL, "H100")),
        Map.of("a", reason, "b", "")));
    cases.add(new Case("affinity Gt", both, List.of(),
        affinity(new Requirement("nvidia.com/gpu.memory", Requirement.Operator.GT, List.of("40000"))),
        Map.of("a", "", "b", reason)));
    cases.add(new Case("affinity DoesNotExist", both, List.of(),
        affinity(new Requirement(GpuDemand.PRODUCT_LABEL, Requirement.Operator.DOES_NOT_EXIST, List.of())),
        Map.of("a", reason, "b", reason)));
    cases.add(new Case("terms are ORed", both, List.of(),
        pod("p", 100, GI).withRequiredNodeAffinity(List.of(NodeSelectorTerm.of(Requirement.in(GpuDemand.PRODUCT_LABEL, "H100")),
            NodeSelectorTerm.of(Requirement.in(GpuDemand.PRODUCT_LABEL, "A10")))), Map.of("a", "", "b", "")));
    cases.add(new Case("empty term matches nothing", both, List.of(),
        pod("p", 100, GI).withRequiredNodeAffinity(List.of(new NodeSelectorTerm(List.of(), List.of()))),
        Map.of("a", reason, "b", reason)));
    cases.add(new Case("matchFields metadata.name", both, List.of(),
        pod("p", 100, GI).withRequiredNodeAffinity(List.of(new NodeSelectorTerm(List.of(),
            List.of(Requirement.in(NodeSelectorTerm.NAME_FIELD, "b"))))), Map.of("a", reason, "b", "")));
  }

  private static Pod affinity(Requirement r) {
    return pod("p", 100, GI).withRequiredNodeAffinity(List.of(NodeSelectorTerm.of(r)));
  }

  private static void resourceFit(List<Case> cases) {
    List<Bound> half = List.of(new Bound(pod("old", 2000, 4 * GI), "a"));
    cases.add(new Case("fits exactly", List.of(n("a")), half, pod("p", 2000, 4 * GI), Map.of("a", "")));
    cases.add(new Case("every shortfall is reported", List.of(n("a")), half, pod("p", 2001, 5 * GI),
        Map.of("a", "Insufficient cpu; Insufficient memory")));
    Pod withInit = pod("p", 1000, GI).withContainers(List.of(Container.of("app", Resources.of(Resources.CPU, 1000))),
        List.of(Container.of("init", Resources.of(Resources.CPU, 3000))), Resources.NONE);
    cases.add(new Case("init container max counts", List.of(n("a")), half, withInit, Map.of("a", "Insufficient cpu")));
    Pod withSidecar = pod("p", 1000, GI).withContainers(List.of(Container.of("app", Resources.of(Resources.CPU, 1000))),
        List.of(new Container("proxy", Resources.of(Resources.CPU, 1001), true)), Resources.NONE);
    cases.add(new Case("sidecar adds to app containers", List.of(n("a")), half, withSidecar,
        Map.of("a", "Insufficient cpu")));
    Pod withOverhead = pod("p", 1000, GI).withContainers(List.of(Container.of("app", Resources.of(Resources.CPU, 1500))),
        List.of(), Resources.of(Resources.CPU, 501));
    cases.add(new Case("overhead counts", List.of(n("a")), half, withOverhead, Map.of("a", "Insufficient cpu")));
    Node tiny = Node.of("a", Resources.of(Map.of(Resources.CPU, 4000L, Resources.MEMORY, 8 * GI, Resources.PODS, 1L)));
    cases.add(new Case("pod slots", List.of(tiny), List.of(new Bound(pod("old", 100, GI), "a")), pod("p", 100, GI),
        Map.of("a", "Too many pods")));
    cases.add(new Case("extended resource absent", List.of(n("a")), List.of(),
        Pod.of("default", "p", Resources.of("example.com/fpga", 1)), Map.of("a", "Insufficient example.com/fpga")));
    cases.add(new Case("ephemeral storage", List.of(n("a")), List.of(),
        Pod.of("default", "p", Resources.of(Resources.EPHEMERAL_STORAGE, GI)), Map.of("a", "Insufficient ephemeral-storage")));
  }

  private static void gpuDevices(List<Case> cases) {
    Node g = gpuNode("g", 64000, 256 * GI, 2, "A10");
    cases.add(new Case("whole GPUs need free devices", List.of(g), List.of(), gpuPod("p", 100, GI, 3),
        Map.of("g", "Insufficient nvidia.com/gpu")));
    cases.add(new Case("shared request fits one device", List.of(g), List.of(), sharedPod("p", 100, GI, 500),
        Map.of("g", "")));
    cases.add(new Case("shared request on a node without devices", List.of(n("a")), List.of(), sharedPod("p", 100, GI, 500),
        Map.of("a", "Insufficient nvidia.com/gpu")));
    cases.add(new Case("required model restricts devices", List.of(g), List.of(),
        gpuPod("p", 100, GI, 1).withRequiredNodeAffinity(List.of(NodeSelectorTerm.of(Requirement.in(GpuDemand.PRODUCT_LABEL, "H100")))),
        Map.of("g", "node(s) didn't match Pod's node affinity/selector")));
  }

  private static void podAffinity(List<Case> cases) {
    var web = LabelSelector.of(Map.of("app", "web"));
    Pod webPod = pod("w", 100, GI).withLabels(Map.of("app", "web"));
    List<Node> zones = List.of(zoned("a", "z1"), zoned("b", "z1"), zoned("c", "z2"));
    Pod near = pod("p", 100, GI).withPodAffinity(List.of(PodAffinityTerm.of(web, ZONE)), List.of());
    cases.add(new Case("affinity to a zone with a match", zones, List.of(new Bound(webPod, "a")), near,
        Map.of("a", "", "b", "", "c", "node(s) didn't match pod affinity rules")));
    Pod firstOfGroup = near.withLabels(Map.of("app", "web"));
    cases.add(new Case("first pod of a self-affine group goes anywhere", zones, List.of(), firstOfGroup,
        Map.of("a", "", "c", "")));
    cases.add(new Case("affinity without any match", zones, List.of(), near,
        Map.of("a", "node(s) didn't match pod affinity rules")));
    Pod apart = pod("p", 100, GI).withPodAffinity(List.of(), List.of(PodAffinityTerm.of(web, HOST)));
    cases.add(new Case("anti-affinity per host", zones, List.of(new Bound(webPod, "a")), apart,
        Map.of("a", "node(s) didn't match pod anti-affinity rules", "b", "")));
    Pod loner = pod("l", 100, GI).withPodAffinity(List.of(), List.of(PodAffinityTerm.of(web, ZONE)));
    cases.add(new Case("existing pod's anti-affinity", zones, List.of(new Bound(loner, "a")), webPod,
        Map.of("a", "node(s) didn't satisfy existing pods anti-affinity rules",
            "b", "node(s) didn't satisfy existing pods anti-affinity rules", "c", "")));
    Pod otherNs = new Pod("other", "w", Map.of("app", "web"), webPod.containers(), List.of(), Resources.NONE, "",
        Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    cases.add(new Case("terms select their own namespace", zones, List.of(new Bound(otherNs, "a")), apart,
        Map.of("a", "")));
  }

  private static void topologySpread(List<Case> cases) {
    var web = LabelSelector.of(Map.of("app", "web"));
    Pod webPod = pod("w", 100, GI).withLabels(Map.of("app", "web"));
    List<Node> zones = List.of(zoned("a", "z1"), zoned("b", "z2"), n("nolabel"));
    Pod spread = webPod.withTopologySpread(List.of(TopologySpreadConstraint.hard(1, ZONE, web)));
    String reason = "node(s) didn't match pod topology spread constraints";
    cases.add(new Case("skew would exceed maxSkew", zones, List.of(new Bound(webPod.withLabels(Map.of("app", "web")), "a")),
        spread.withLabels(Map.of("app", "web")),
        Map.of("a", reason, "b", "", "nolabel", reason + " (missing required label)")));
    cases.add(new Case("balanced domains accept either", zones, List.of(), spread, Map.of("a", "", "b", "")));
    Pod minDomains = webPod.withTopologySpread(List.of(new TopologySpreadConstraint(1, ZONE, true, web, 3)));
    cases.add(new Case("minDomains above the domain count makes the minimum 0", zones,
        List.of(new Bound(pod("w1", 100, GI).withLabels(Map.of("app", "web")), "b"),
            new Bound(pod("w2", 100, GI).withLabels(Map.of("app", "web")), "a")), minDomains,
        Map.of("a", reason, "b", reason)));
    Pod soft = webPod.withTopologySpread(List.of(new TopologySpreadConstraint(1, ZONE, false, web, 0)));
    cases.add(new Case("ScheduleAnyway does not filter", zones,
        List.of(new Bound(pod("w1", 100, GI).withLabels(Map.of("app", "web")), "a")), soft,
        Map.of("a", "", "nolabel", "")));
  }
}
