package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.controllers.cluster.ObjectKey;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.Informers;
import java.time.Clock;
import java.util.List;

/**
 * The endpoints controller (pkg/controller/endpoint): a v1 Endpoints object named after each selector
 * service, listing the ready and not-ready addresses of its pods; deleted with the service.
 */
public final class EndpointsController extends BackendsController {
  public static final String NAME = "endpoint-controller";

  public EndpointsController(Informers informers, Clock clock) {
    super(NAME, informers, clock, Gvr.ENDPOINTS);
  }

  @Override
  public EndpointsController start() {
    super.start();
    return this;
  }

  @Override
  ObjectKey serviceOf(ObjectNode endpoints) {
    return ObjectKey.of(endpoints);
  }

  @Override
  void sync(ObjectKey key, ObjectNode service, List<Backend> backends) {
    ObjectNode existing = owned.get(key.namespace(), key.name());
    if (service == null) {
      if (existing != null) {
        client.delete(Gvr.ENDPOINTS, key.namespace(), key.name(), DeleteOptions.DEFAULT);
      }
      return;
    }
    ArrayNode subsets = EndpointsShape.subsets(key.name(), backends);
    ObjectNode labels = EndpointsShape.labels(service);
    if (existing == null) {
      ObjectNode endpoints = JsonNodeFactory.instance.objectNode();
      endpoints.put("apiVersion", "v1").put("kind", "Endpoints");
      endpoints.putObject("metadata").put("name", key.name()).set("labels", labels);
      endpoints.set("subsets", subsets);
      client.create(Gvr.ENDPOINTS, key.namespace(), endpoints);
    } else if (!same(subsets, existing.path("subsets")) || !same(labels, existing.path("metadata").path("labels"))) {
      client.update(Gvr.ENDPOINTS, key.namespace(), key.name(), current -> {
        current.set("subsets", subsets);
        current.with("metadata").set("labels", labels);
        return current;
      });
    }
  }

  /** Equal, counting a missing field as empty (storage may drop empty maps and lists). */
  static boolean same(JsonNode desired, JsonNode stored) {
    return desired.isEmpty() ? stored.isMissingNode() || stored.isNull() || stored.isEmpty()
        : desired.equals(stored);
  }
}
