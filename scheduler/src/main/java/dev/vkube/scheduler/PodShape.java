package dev.vkube.scheduler;

import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.NodeSelectorTerm;
import dev.vkube.scheduler.model.Toleration;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.snapshot.Demand;
import java.util.List;
import java.util.Map;

/**
 * Everything node-local filters and scorers may read from a pod. Two pods with equal shapes get
 * equal verdicts and scores on the same node state, which is what lets {@link NodeResults} reuse
 * them.
 */
record PodShape(String nodeName, List<Toleration> tolerations, Map<String, String> nodeSelector,
    List<NodeSelectorTerm> requiredNodeAffinity, Resources requests, GpuDemand gpu) {
  static PodShape of(Demand d) {
    var p = d.pod();
    return new PodShape(p.nodeName(), p.tolerations(), p.nodeSelector(), p.requiredNodeAffinity(), d.requests(),
        d.gpu());
  }
}
