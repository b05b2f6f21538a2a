package dev.vkube.scheduler;

import static dev.vkube.scheduler.TestCluster.GI;

import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.gpu.WorkloadProfile;
import dev.vkube.scheduler.model.GpuDevice;
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
import dev.vkube.scheduler.score.RequestedToCapacityRatio;
import dev.vkube.scheduler.score.ResourceWeights;
import dev.vkube.scheduler.snapshot.Demand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Small random clusters and pod streams with every constraint the filters know, drawn from a
 * seed, for the property tests.
 */
record RandomScenario(List<Node> nodes, List<Pod> pods, Profile profile) {
  static final String ZONE = "topology.kubernetes.io/zone";
  static final String HOST = "kubernetes.io/hostname";
  static final String FPGA = "example.com/fpga";
  static final Taint TAINT = new Taint("dedicated", "gpu", TaintEffect.NO_SCHEDULE);
  private static final String[] MODELS = {"A10", "H100"};

  static RandomScenario of(long seed, int nodeCount, int podCount) {
    var r = new SplittableRandom(seed);
    var nodes = new ArrayList<Node>();
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(node(r, "n" + i));
    }
    var pods = new ArrayList<Pod>();
    for (int i = 0; i < podCount; i++) {
      pods.add(pod(r, "p" + i));
    }
    return new RandomScenario(nodes, pods, profile(r, pods));
  }

  private static Node node(SplittableRandom r, String name) {
    var alloc = new TreeMap<String, Long>(Map.of(Resources.CPU, 1000L + r.nextInt(8) * 1000L,
        Resources.MEMORY, (1L + r.nextInt(16)) * GI, Resources.PODS, 2L + r.nextInt(8)));
    if (r.nextInt(4) == 0) {
      alloc.put(FPGA, (long) r.nextInt(3));
    }
    int gpus = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(4);
    String model = MODELS[r.nextInt(MODELS.length)];
    var labels = new HashMap<String, String>(Map.of(HOST, name));
    if (r.nextInt(5) > 0) {
      labels.put(ZONE, "z" + r.nextInt(3));
    }
    if (gpus > 0) {
      alloc.put(GpuDemand.WHOLE_RESOURCE, (long) gpus);
      labels.put(GpuDemand.PRODUCT_LABEL, model);
    }
    List<Taint> taints = r.nextInt(4) == 0 ? List.of(TAINT) : List.of();
    return new Node(name, labels, taints, r.nextInt(10) == 0, Resources.of(alloc),
        Collections.nCopies(gpus, GpuDevice.of(model)));
  }

  private static Pod pod(SplittableRandom r, String name) {
    var req = new TreeMap<String, Long>(Map.of(Resources.CPU, (long) r.nextInt(3000),
        Resources.MEMORY, r.nextInt(5) * GI / 2));
    switch (r.nextInt(4)) {
      case 0 -> req.put(GpuDemand.WHOLE_RESOURCE, 1L + r.nextInt(3));
      case 1 -> req.put(GpuDemand.SHARED_RESOURCE, 100L * (1 + r.nextInt(9)));
      default -> { }
    }
    if (r.nextInt(8) == 0) {
      req.put(FPGA, 1L);
    }
    String app = r.nextBoolean() ? "x" : "y";
    Pod p = Pod.of("default", name, Resources.of(req)).withLabels(Map.of("app", app));
    if (r.nextInt(3) == 0) {
      p = p.withTolerations(List.of(Toleration.exists("dedicated", null)));
    }
    if (r.nextInt(4) == 0) {
      p = p.withNodeSelector(Map.of(ZONE, "z" + r.nextInt(3)));
    }
    if (r.nextInt(5) == 0) {
      p = p.withRequiredNodeAffinity(List.of(NodeSelectorTerm.of(Requirement.in(GpuDemand.PRODUCT_LABEL, MODELS[r.nextInt(2)]))));
    }
    if (r.nextInt(4) == 0) {
      p = p.withTopologySpread(List.of(TopologySpreadConstraint.hard(1 + r.nextInt(2), ZONE,
          LabelSelector.of(Map.of("app", app)))));
    }
    if (r.nextInt(5) == 0) {
      p = p.withPodAffinity(List.of(), List.of(PodAffinityTerm.of(LabelSelector.of(Map.of("app", app)), HOST)));
    }
    if (r.nextInt(8) == 0) {
      p = p.withPodAffinity(List.of(PodAffinityTerm.of(LabelSelector.of(Map.of("app", app)), ZONE)), p.podAntiAffinity());
    }
    return p;
  }

  private static Profile profile(SplittableRandom r, List<Pod> pods) {
    return switch (r.nextInt(4)) {
      case 0 -> Profile.leastAllocated(ResourceWeights.DEFAULT);
      case 1 -> Profile.mostAllocated(ResourceWeights.DEFAULT);
      case 2 -> Profile.requestedToCapacityRatio(RequestedToCapacityRatio.BIN_PACKING, ResourceWeights.DEFAULT);
      default -> Profile.fragmentationAware(WorkloadProfile.of(pods.stream().map(Demand::of).toList()));
    };
  }
}
