package dev.vkube.apiserver.admission.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The effective requests and limits of a pod (component-helpers resource.PodRequests / PodLimits):
 * app containers and restartable (sidecar) init containers add up, each other init container
 * counts with the sidecars started before it, the larger wins, then pod overhead.
 */
public final class PodResources {
  private static final Set<String> POD_LEVEL = Set.of("cpu", "memory");

  private PodResources() {}

  public static ResourceList requests(JsonNode spec) {
    return effective(spec, "requests");
  }

  /**
   * A container's requests as pod defaulting leaves them (SetDefaults_Pod): a resource with only a
   * limit requests that limit. Applied when reading, so admission agrees with upstream either way.
   */
  public static ResourceList containerRequests(JsonNode container) {
    ResourceList requests = ResourceList.from(container.path("resources").path("requests"));
    ResourceList.from(container.path("resources").path("limits")).asMap().forEach((k, v) -> {
      if (!requests.has(k)) {
        requests.put(k, v);
      }
    });
    return requests;
  }

  private static ResourceList own(JsonNode container, String kind) {
    return kind.equals("requests") ? containerRequests(container)
        : ResourceList.from(container.path("resources").path(kind));
  }

  public static ResourceList limits(JsonNode spec) {
    return effective(spec, "limits");
  }

  private static ResourceList effective(JsonNode spec, String kind) {
    ResourceList total = new ResourceList();
    for (JsonNode c : spec.path("containers")) {
      total = total.plus(own(c, kind));
    }
    ResourceList sidecars = new ResourceList();
    ResourceList initMax = new ResourceList();
    for (JsonNode c : spec.path("initContainers")) {
      ResourceList own = own(c, kind);
      ResourceList running;
      if ("Always".equals(c.path("restartPolicy").asText())) {
        total = total.plus(own);
        sidecars = sidecars.plus(own);
        running = sidecars;
      } else {
        running = own.plus(sidecars);
      }
      initMax = max(initMax, running);
    }
    total = max(total, initMax);
    // Pod-level resources (KEP-2837) replace the container sum for cpu and memory when set.
    ResourceList podLevel = ResourceList.from(spec.path("resources").path(kind));
    for (String name : podLevel.names()) {
      if (POD_LEVEL.contains(name) || ResourceNames.isHugePages(name)) {
        total.put(name, podLevel.get(name));
      }
    }
    ResourceList overhead = ResourceList.from(spec.path("overhead"));
    for (String name : overhead.names()) {
      if (kind.equals("requests") || total.has(name)) {
        total.put(name, total.has(name) ? total.get(name).add(overhead.get(name)) : overhead.get(name));
      }
    }
    return total;
  }

  private static ResourceList max(ResourceList a, ResourceList b) {
    ResourceList out = a.copy();
    b.asMap().forEach((k, v) -> out.asMap().merge(k, v, Quantity::max));
    return out;
  }

  /** v1 qos.GetPodQOS: BestEffort when no container requests or limits cpu or memory. */
  public static String qosClass(JsonNode spec) {
    boolean any = false;
    boolean guaranteed = true;
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        ResourceList req = containerRequests(c).mask(POD_LEVEL);
        ResourceList lim = ResourceList.from(c.path("resources").path("limits")).mask(POD_LEVEL);
        any |= !req.isEmpty() || !lim.isEmpty();
        for (String r : POD_LEVEL) {
          if (!lim.has(r) || (req.has(r) && !req.get(r).equals(lim.get(r)))) {
            guaranteed = false;
          }
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }
}
