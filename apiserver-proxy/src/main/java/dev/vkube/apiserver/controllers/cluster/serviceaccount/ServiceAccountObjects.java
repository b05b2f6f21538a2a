package dev.vkube.apiserver.controllers.cluster.serviceaccount;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.registry.Informers;
import java.time.Clock;

/**
 * The two per-namespace objects pods rely on: the {@code default} ServiceAccount
 * (serviceaccounts_controller.go) and the {@code kube-root-ca.crt} ConfigMap with the cluster CA
 * (rootcacertpublisher/publisher.go, including its description annotation).
 */
public final class ServiceAccountObjects {
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";
  public static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";
  static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
  static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when "
      + "using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
      + "guaranteed across distributions of Kubernetes clusters.";

  private ServiceAccountObjects() {}

  public static NamespaceObjectController defaultServiceAccounts(Informers informers, Clock clock) {
    return new NamespaceObjectController("serviceaccount-controller", informers, clock, Gvr.SERVICE_ACCOUNTS,
        DEFAULT_SERVICE_ACCOUNT, ns -> object("ServiceAccount", DEFAULT_SERVICE_ACCOUNT), existing -> null);
  }

  public static NamespaceObjectController rootCaPublisher(Informers informers, Clock clock, String caPem) {
    return new NamespaceObjectController("root-ca-cert-publisher", informers, clock, Gvr.CONFIGMAPS,
        ROOT_CA_CONFIG_MAP, ns -> rootCa(caPem), existing -> repairRootCa(existing, caPem));
  }

  static ObjectNode rootCa(String caPem) {
    ObjectNode configMap = object("ConfigMap", ROOT_CA_CONFIG_MAP);
    configMap.with("metadata").with("annotations").put(DESCRIPTION_ANNOTATION, DESCRIPTION);
    configMap.putObject("data").put("ca.crt", caPem);
    return configMap;
  }

  /** Only the data and the annotation are the publisher's; labels and others are left alone. */
  static ObjectNode repairRootCa(ObjectNode existing, String caPem) {
    boolean dataOk = existing.path("data").size() == 1 && caPem.equals(existing.path("data").path("ca.crt").asText());
    boolean annotated = DESCRIPTION.equals(existing.path("metadata").path("annotations")
        .path(DESCRIPTION_ANNOTATION).asText());
    if (dataOk && annotated && !existing.has("binaryData")) {
      return null;
    }
    existing.putObject("data").put("ca.crt", caPem);
    existing.remove("binaryData");
    existing.with("metadata").with("annotations").put(DESCRIPTION_ANNOTATION, DESCRIPTION);
    return existing;
  }

  private static ObjectNode object(String kind, String name) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("apiVersion", "v1").put("kind", kind).putObject("metadata").put("name", name);
    return object;
  }
}
