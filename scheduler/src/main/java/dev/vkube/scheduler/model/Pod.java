package dev.vkube.scheduler.model;

import java.util.List;
import java.util.Map;

/**
 * The scheduling-relevant part of a pod spec. {@code nodeName} is empty when unset;
 * {@code requiredNodeAffinity} empty means no required node affinity (terms are ORed).
 */
public record Pod(
    String namespace,
    String name,
    Map<String, String> labels,
    List<Container> containers,
    List<Container> initContainers,
    Resources overhead,
    String nodeName,
    Map<String, String> nodeSelector,
    List<NodeSelectorTerm> requiredNodeAffinity,
    List<PodAffinityTerm> podAffinity,
    List<PodAffinityTerm> podAntiAffinity,
    List<Toleration> tolerations,
    List<TopologySpreadConstraint> topologySpread,
    List<String> schedulingGates) {

  public Pod {
    labels = Map.copyOf(labels);
    containers = List.copyOf(containers);
    initContainers = List.copyOf(initContainers);
    nodeName = nodeName == null ? "" : nodeName;
    nodeSelector = Map.copyOf(nodeSelector);
    requiredNodeAffinity = List.copyOf(requiredNodeAffinity);
    podAffinity = List.copyOf(podAffinity);
    podAntiAffinity = List.copyOf(podAntiAffinity);
    tolerations = List.copyOf(tolerations);
    topologySpread = List.copyOf(topologySpread);
    schedulingGates = List.copyOf(schedulingGates);
  }

  /** A pod with one container requesting {@code requests} and nothing else set. */
  public static Pod of(String namespace, String name, Resources requests) {
    return new Pod(namespace, name, Map.of(), List.of(Container.of("main", requests)), List.of(),
        Resources.NONE, "", Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  public String key() {
    return namespace + "/" + name;
  }

  public Pod withLabels(Map<String, String> v) {
    return new Pod(namespace, name, v, containers, initContainers, overhead, nodeName, nodeSelector,
        requiredNodeAffinity, podAffinity, podAntiAffinity, tolerations, topologySpread, schedulingGates);
  }

  public Pod withContainers(List<Container> v, List<Container> init, Resources over) {
    return new Pod(namespace, name, labels, v, init, over, nodeName, nodeSelector,
        requiredNodeAffinity, podAffinity, podAntiAffinity, tolerations, topologySpread, schedulingGates);
  }

  public Pod withNodeName(String v) {
    return new Pod(namespace, name, labels, containers, initContainers, overhead, v, nodeSelector,
        requiredNodeAffinity, podAffinity, podAntiAffinity, tolerations, topologySpread, schedulingGates);
  }

  public Pod withNodeSelector(Map<String, String> v) {
    return new Pod(namespace, name, labels, containers, initContainers, overhead, nodeName, v,
        requiredNodeAffinity, podAffinity, podAntiAffinity, tolerations, topologySpread, schedulingGates);
  }

  public Pod withRequiredNodeAffinity(List<NodeSelectorTerm> v) {
    return new Pod(namespace, name, labels, containers, initContainers, overhead, nodeName, nodeSelector,
        v, podAffinity, podAntiAffinity, tolerations, topologySpread, schedulingGates);
  }

  public Pod withPodAffinity(List<PodAffinityTerm> affinity, List<PodAffinityTerm> antiAffinity) {
    return new Pod(namespace, name, labels, containers, initContainers, overhead, nodeName, nodeSelector,
        requiredNodeAffinity, affinity, antiAffinity, tolerations, topologySpread, schedulingGates);
  }

  public Pod withTolerations(List<Toleration> v) {
    return new Pod(namespace, name, labels, containers, initContainers, overhead, nodeName, nodeSelector,
        requiredNodeAffinity, podAffinity, podAntiAffinity, v, topologySpread, schedulingGates);
  }

  public Pod withTopologySpread(List<TopologySpreadConstraint> v) {
    return new Pod(namespace, name, labels, containers, initContainers, overhead, nodeName, nodeSelector,
        requiredNodeAffinity, podAffinity, podAntiAffinity, tolerations, v, schedulingGates);
  }

  public Pod withSchedulingGates(List<String> v) {
    return new Pod(namespace, name, labels, containers, initContainers, overhead, nodeName, nodeSelector,
        requiredNodeAffinity, podAffinity, podAntiAffinity, tolerations, topologySpread, v);
  }
}
