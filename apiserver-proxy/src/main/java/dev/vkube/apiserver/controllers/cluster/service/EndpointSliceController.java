package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.controllers.cluster.ObjectKey;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.Informers;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * The EndpointSlice controller (pkg/controller/endpointslice): discovery.k8s.io/v1 slices labelled
 * with the service name and this controller as manager, owned by the service, one per port set and
 * hundred endpoints (a placeholder when there are none). Existing slices are reused in name order,
 * surplus ones deleted.
 */
public final class EndpointSliceController extends BackendsController {
  public static final String NAME = "endpointslice-controller";
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "endpointslice-controller.k8s.io";

  public EndpointSliceController(Informers informers, Clock clock) {
    super(NAME, informers, clock, Gvr.ENDPOINT_SLICES);
  }

  @Override
  public EndpointSliceController start() {
    super.start();
    return this;
  }

  @Override
  ObjectKey serviceOf(ObjectNode slice) {
    JsonNode labels = slice.path("metadata").path("labels");
    return MANAGED_BY.equals(labels.path(MANAGED_BY_LABEL).asText()) && labels.has(SERVICE_NAME_LABEL)
        ? new ObjectKey(Meta.namespace(slice), labels.path(SERVICE_NAME_LABEL).asText()) : null;
  }

  @Override
  boolean includesTerminating() {
    return true;
  }

  @Override
  void sync(ObjectKey key, ObjectNode service, List<Backend> backends) {
    List<ObjectNode> existing = owned.list(key.namespace()).stream().filter(s -> key.equals(serviceOf(s)))
        .sorted(Comparator.comparing(Meta::name)).toList();
    List<ObjectNode> desired = service == null ? List.of() : EndpointsShape.slices(key.name(), backends);
    for (int i = 0; i < desired.size(); i++) {
      ObjectNode want = withMeta(desired.get(i), service);
      if (i < existing.size()) {
        updateIfChanged(existing.get(i), want);
      } else {
        client.create(Gvr.ENDPOINT_SLICES, key.namespace(), want);
      }
    }
    for (ObjectNode surplus : existing.subList(Math.min(desired.size(), existing.size()), existing.size())) {
      client.delete(Gvr.ENDPOINT_SLICES, key.namespace(), Meta.name(surplus), DeleteOptions.DEFAULT);
    }
  }

  private ObjectNode withMeta(ObjectNode body, ObjectNode service) {
    ObjectNode slice = JsonNodeFactory.instance.objectNode();
    slice.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
    ObjectNode meta = slice.putObject("metadata");
    meta.put("generateName", Meta.name(service) + "-");
    ObjectNode labels = EndpointsShape.labels(service);
    labels.put(SERVICE_NAME_LABEL, Meta.name(service)).put(MANAGED_BY_LABEL, MANAGED_BY);
    meta.set("labels", labels);
    meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Service")
        .put("name", Meta.name(service)).put("uid", Meta.uid(service)).put("controller", true)
        .put("blockOwnerDeletion", true);
    slice.setAll(body);
    return slice;
  }

  private void updateIfChanged(ObjectNode current, ObjectNode want) {
    boolean same = EndpointsController.same(want.path("endpoints"), current.path("endpoints"))
        && EndpointsController.same(want.path("ports"), current.path("ports"))
        && want.path("addressType").equals(current.path("addressType"))
        && want.path("metadata").path("labels").equals(current.path("metadata").path("labels"))
        && want.path("metadata").path("ownerReferences").equals(current.path("metadata").path("ownerReferences"));
    if (same) {
      return;
    }
    client.update(Gvr.ENDPOINT_SLICES, Meta.namespace(current), Meta.name(current), stored -> {
      for (String field : List.of("endpoints", "ports", "addressType")) {
        stored.set(field, want.get(field));
      }
      stored.with("metadata").set("labels", want.path("metadata").path("labels"));
      stored.with("metadata").set("ownerReferences", want.path("metadata").path("ownerReferences"));
      return stored;
    });
  }
}
