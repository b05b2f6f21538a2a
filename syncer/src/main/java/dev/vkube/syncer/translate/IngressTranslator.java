package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Ingresses (networking.k8s.io/v1): backend Services and TLS Secrets renamed to their host copies, the
 * class kept (the host's controller serves it). vCluster's ingresses syncer does the same.
 */
public final class IngressTranslator {
  public Ingress toHost(Ingress virtual, TranslationContext ctx) {
    IngressSpec spec = Copies.deep(virtual.getSpec());
    String ns = virtual.getMetadata().getNamespace();
    if (spec != null) {
      backend(spec.getDefaultBackend(), ns, ctx);
      PodReferences.nonNull(spec.getRules()).stream().filter(r -> r.getHttp() != null)
          .flatMap(r -> PodReferences.nonNull(r.getHttp().getPaths()).stream())
          .forEach(p -> backend(p.getBackend(), ns, ctx));
      PodReferences.nonNull(spec.getTls()).stream().filter(t -> t.getSecretName() != null)
          .forEach(t -> t.setSecretName(ctx.names().hostName(ns, t.getSecretName())));
    }
    return new IngressBuilder().withMetadata(HostMetadata.of(virtual, ctx)).withSpec(spec).build();
  }

  private static void backend(IngressBackend backend, String namespace, TranslationContext ctx) {
    if (backend == null) {
      return;
    }
    if (backend.getService() != null && backend.getService().getName() != null) {
      backend.getService().setName(ctx.names().hostName(namespace, backend.getService().getName()));
    }
    if (backend.getResource() != null && backend.getResource().getName() != null) {
      backend.getResource().setName(ctx.names().hostName(namespace, backend.getResource().getName()));
    }
  }

  /** The TLS Secrets an Ingress uses: they are synced like the Secrets pods use. */
  public static Set<String> secrets(Ingress ingress) {
    Set<String> out = new LinkedHashSet<>();
    if (ingress.getSpec() != null) {
      PodReferences.nonNull(ingress.getSpec().getTls()).stream().map(t -> t.getSecretName())
          .filter(Objects::nonNull).forEach(out::add);
    }
    return out;
  }

  public boolean differs(Ingress desired, Ingress actual) {
    return HostMetadata.differs(desired.getMetadata(), actual.getMetadata())
        || !Objects.equals(desired.getSpec(), actual.getSpec());
  }

  /** The update: the actual host Ingress with metadata and spec wanted (status is the host's). */
  public Ingress merge(Ingress desired, Ingress actual) {
    Ingress out = Copies.deep(actual);
    out.getMetadata().setLabels(desired.getMetadata().getLabels());
    out.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
    out.setSpec(desired.getSpec());
    return out;
  }
}
