package dev.vkube.syncer.translate;

import dev.vkube.syncer.names.Markers;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * NetworkPolicies: every selector is rewritten to the labels host pods carry (translated keys plus the
 * owner markers), so the host policy selects exactly the tenant pods the virtual one means, all of
 * which live in the one host namespace. A peer's namespaceSelector becomes a condition on the pods'
 * virtual-namespace label: empty selects every tenant namespace, {@code kubernetes.io/metadata.name}
 * names one; other namespace selectors need the namespaces' labels, which host pods do not carry, so
 * such peers are dropped (a policy is an allow list: dropping a peer never lets more through).
 */
public final class NetworkPolicyTranslator {
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  public NetworkPolicy toHost(NetworkPolicy virtual, TranslationContext ctx) {
    NetworkPolicySpec spec = Copies.deep(virtual.getSpec());
    String ns = virtual.getMetadata().getNamespace();
    spec.setPodSelector(pods(spec.getPodSelector(), ns, ctx));
    PodReferences.nonNull(spec.getIngress()).forEach(r -> r.setFrom(peers(r.getFrom(), ns, ctx)));
    PodReferences.nonNull(spec.getEgress()).forEach(r -> r.setTo(peers(r.getTo(), ns, ctx)));
    return new NetworkPolicyBuilder().withMetadata(HostMetadata.of(virtual, ctx)).withSpec(spec).build();
  }

  private static List<NetworkPolicyPeer> peers(List<NetworkPolicyPeer> peers, String ns, TranslationContext ctx) {
    if (peers == null || peers.isEmpty()) {
      return peers;
    }
    List<NetworkPolicyPeer> out = new ArrayList<>();
    for (NetworkPolicyPeer peer : peers) {
      if (peer.getIpBlock() != null) {
        out.add(peer);
      } else if (peer.getNamespaceSelector() == null) {
        out.add(new NetworkPolicyPeer(null, null, pods(peer.getPodSelector(), ns, ctx)));
      } else {
        String namespace = namespaceOf(peer.getNamespaceSelector());
        if (namespace != null) {
          out.add(new NetworkPolicyPeer(null, null, pods(peer.getPodSelector(), namespace.isEmpty() ? null : namespace,
              ctx)));
        }
      }
    }
    return out;
  }

  /** "" for every namespace, the name for a selector naming one, null for what cannot be translated. */
  static String namespaceOf(LabelSelector selector) {
    boolean noExpressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty();
    Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    if (noExpressions && labels.isEmpty()) {
      return "";
    }
    if (noExpressions && labels.size() == 1 && labels.containsKey(NAMESPACE_NAME_LABEL)) {
      return labels.get(NAMESPACE_NAME_LABEL);
    }
    return null;
  }

  /** A pod selector over host labels; {@code namespace} null means any virtual namespace of this cluster. */
  static LabelSelector pods(LabelSelector virtual, String namespace, TranslationContext ctx) {
    Map<String, String> labels = new LinkedHashMap<>();
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    if (virtual != null) {
      HostMetadata.nullToEmpty(virtual.getMatchLabels()).forEach((k, v) -> labels.put(ctx.names().hostLabelKey(k), v));
      PodReferences.nonNull(virtual.getMatchExpressions()).forEach(e -> expressions.add(
          new LabelSelectorRequirement(ctx.names().hostLabelKey(e.getKey()), e.getOperator(), e.getValues())));
    }
    labels.put(Markers.MANAGED_BY_LABEL, ctx.names().vclusterName());
    if (namespace != null) {
      labels.put(Markers.NAMESPACE_LABEL, namespace);
    }
    return new LabelSelectorBuilder().withMatchLabels(labels).withMatchExpressions(expressions).build();
  }

  public boolean differs(NetworkPolicy desired, NetworkPolicy actual) {
    return HostMetadata.differs(desired.getMetadata(), actual.getMetadata())
        || !Objects.equals(desired.getSpec(), actual.getSpec());
  }
}
