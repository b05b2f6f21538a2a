package dev.vkube.scheduler.snapshot;

import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.Container;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.Resources;

/**
 * A pod with its effective requests computed once: the larger of (app containers + sidecars)
 * and the largest plain init container (plus the sidecars started before it), plus overhead,
 * plus one pod slot. Follows k8s.io/component-helpers resource.PodRequests.
 */
public record Demand(Pod pod, Resources requests, GpuDemand gpu) {
  private static final Resources ONE_POD = Resources.of(Resources.PODS, 1);

  public static Demand of(Pod pod) {
    Resources requests = effectiveRequests(pod).plus(ONE_POD);
    return new Demand(pod, requests, GpuDemand.of(requests, pod.requiredNodeAffinity()));
  }

  static Resources effectiveRequests(Pod pod) {
    Resources app = Resources.NONE;
    for (Container c : pod.containers()) {
      app = app.plus(c.requests());
    }
    Resources sidecars = Resources.NONE;
    Resources initMax = Resources.NONE;
    for (Container c : pod.initContainers()) {
      if (c.restartable()) {
        app = app.plus(c.requests());
        sidecars = sidecars.plus(c.requests());
      } else {
        initMax = initMax.max(c.requests().plus(sidecars));
      }
    }
    return app.max(initMax).plus(pod.overhead());
  }
}
