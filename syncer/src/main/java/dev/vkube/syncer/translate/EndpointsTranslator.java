package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.List;
import java.util.Objects;

/**
 * Endpoints of selector-less Services (the tenant manages them by hand; the host's endpoints controller
 * leaves a selector-less Service's Endpoints alone): addresses and ports copied, a Pod target
 * re-addressed to its host copy (vCluster's endpoints syncer).
 */
public final class EndpointsTranslator {
  public Endpoints toHost(Endpoints virtual, TranslationContext ctx) {
    Endpoints out = new EndpointsBuilder().withMetadata(HostMetadata.of(virtual, ctx))
        .withSubsets(Copies.deep(virtual).getSubsets()).build();
    String namespace = virtual.getMetadata().getNamespace();
    PodReferences.nonNull(out.getSubsets()).forEach(s -> {
      PodReferences.nonNull(s.getAddresses()).forEach(a -> retarget(a, namespace, ctx));
      PodReferences.nonNull(s.getNotReadyAddresses()).forEach(a -> retarget(a, namespace, ctx));
    });
    return out;
  }

  private static void retarget(EndpointAddress address, String namespace, TranslationContext ctx) {
    ObjectReference ref = address.getTargetRef();
    if (ref != null && "Pod".equals(ref.getKind())) {
      String ns = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace : ref.getNamespace();
      address.setTargetRef(new ObjectReference(ref.getApiVersion(), null, "Pod", ctx.names().hostName(ns, ref.getName()),
          ctx.hostNamespace(), null, null));
    }
  }

  public boolean differs(Endpoints desired, Endpoints actual) {
    return HostMetadata.differs(desired.getMetadata(), actual.getMetadata())
        || !Objects.equals(emptyToNull(desired.getSubsets()), emptyToNull(actual.getSubsets()));
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
