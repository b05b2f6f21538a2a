package dev.vkube.apiserver.registry;

import dev.vkube.apiserver.registry.apps.WorkloadDefaults;
import dev.vkube.apiserver.registry.apps.WorkloadStrategy;
import dev.vkube.apiserver.registry.apps.WorkloadStrategy.SelectorStyle;
import dev.vkube.apiserver.registry.core.NamespaceStrategy;
import dev.vkube.apiserver.registry.crd.CrdStrategy;
import dev.vkube.apiserver.registry.core.PodStrategy;
import dev.vkube.apiserver.registry.core.ServiceStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in resources with their real names, scope, subresources and etcd paths (kube-apiserver's
 * `kubectl api-resources` and pkg/kubeapiserver/default_storage_factory_builder.go). One line each.
 */
public final class BuiltinResources {
  private static final Map<String, String> NO_FIELDS = Map.of();

  private BuiltinResources() {}

  public static List<ResourceDefinition> all() {
    List<ResourceDefinition> out = new ArrayList<>();
    core(out);
    workloads(out);
    access(out);
    networkingAndStorage(out);
    platform(out);
    reviews(out);
    return out;
  }

  private static void core(List<ResourceDefinition> out) {
    out.add(def("", "v1", "namespaces", "Namespace", "ns", "", false, "status,finalize", "namespaces",
        new NamespaceStrategy()));
    out.add(def("", "v1", "pods", "Pod", "po", "all", true,
        "status,binding,eviction,log,exec,attach,portforward,proxy,ephemeralcontainers,resize", "pods",
        new PodStrategy()));
    out.add(def("", "v1", "services", "Service", "svc", "all", true, "status,proxy", "services/specs",
        new ServiceStrategy()));
    // The legacy way to bind (POST /api/v1/namespaces/NS/bindings), served by PodBinding like pods/binding.
    out.add(def("", "v1", "bindings", "Binding", "", "", true, "", "bindings",
        new DefaultStrategy(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS, List.of("create"))));
    out.add(simple("", "v1", "endpoints", "Endpoints", "ep", true, "services/endpoints"));
    out.add(simple("", "v1", "configmaps", "ConfigMap", "cm", true, "configmaps"));
    out.add(def("", "v1", "secrets", "Secret", "", "", true, "", "secrets",
        plain(NameRule.DNS_SUBDOMAIN, false, Map.of("type", "type"))));
    out.add(def("", "v1", "serviceaccounts", "ServiceAccount", "sa", "", true, "token", "serviceaccounts",
        plain(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS)));
    out.add(def("", "v1", "events", "Event", "ev", "", true, "", "events", plain(NameRule.DNS_SUBDOMAIN, false,
        eventFields())));
    out.add(def("", "v1", "nodes", "Node", "no", "", false, "status,proxy", "minions", new NodeStrategy()));
    out.add(def("", "v1", "persistentvolumes", "PersistentVolume", "pv", "", false, "status", "persistentvolumes",
        plain(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS)));
    out.add(def("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", "pvc", "", true, "status",
        "persistentvolumeclaims", plain(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS)));
    out.add(def("", "v1", "resourcequotas", "ResourceQuota", "quota", "", true, "status", "resourcequotas",
        plain(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS)));
    out.add(simple("", "v1", "limitranges", "LimitRange", "limits", true, "limitranges"));
    out.add(def("", "v1", "replicationcontrollers", "ReplicationController", "rc", "all", true, "status,scale",
        "controllers", new WorkloadStrategy("spec.template", SelectorStyle.MAP, WorkloadDefaults.REPLICAS,
            Map.of("status.replicas", "status.replicas"))));
    out.add(simple("", "v1", "podtemplates", "PodTemplate", "", true, "podtemplates"));
  }

  private static void workloads(List<ResourceDefinition> out) {
    out.add(workload("apps", "deployments", "Deployment", "deploy", "status,scale",
        labelSelected(WorkloadDefaults.DEPLOYMENT, NO_FIELDS)));
    out.add(workload("apps", "replicasets", "ReplicaSet", "rs", "status,scale",
        labelSelected(WorkloadDefaults.REPLICAS, Map.of("status.replicas", "status.replicas"))));
    out.add(workload("apps", "statefulsets", "StatefulSet", "sts", "status,scale",
        labelSelected(WorkloadDefaults.STATEFUL_SET, NO_FIELDS)));
    out.add(workload("apps", "daemonsets", "DaemonSet", "ds", "status",
        labelSelected(WorkloadDefaults.DAEMON_SET, NO_FIELDS)));
    out.add(simple("apps", "v1", "controllerrevisions", "ControllerRevision", "", true, "controllerrevisions"));
    out.add(workload("batch", "jobs", "Job", "", "status", new WorkloadStrategy("spec.template",
        SelectorStyle.GENERATED, WorkloadDefaults.JOB, Map.of("status.successful", "status.succeeded"))));
    out.add(workload("batch", "cronjobs", "CronJob", "cj", "status", new WorkloadStrategy(
        "spec.jobTemplate.spec.template", SelectorStyle.NONE, WorkloadDefaults.CRON_JOB, NO_FIELDS)));
    out.add(def("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", "hpa", "all", true,
        "status", "horizontalpodautoscalers", plain(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS)));
    out.add(def("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", "pdb", "", true, "status",
        "poddisruptionbudgets", plain(NameRule.DNS_SUBDOMAIN, true, NO_FIELDS)));
  }

  private static void access(List<ResourceDefinition> out) {
    String rbac = "rbac.authorization.k8s.io";
    ResourceStrategy pathNamed = plain(NameRule.PATH_SEGMENT, false, NO_FIELDS);
    out.add(def(rbac, "v1", "roles", "Role", "", "", true, "", "roles", pathNamed));
    out.add(def(rbac, "v1", "rolebindings", "RoleBinding", "", "", true, "", "rolebindings", pathNamed));
    out.add(def(rbac, "v1", "clusterroles", "ClusterRole", "", "", false, "", "clusterroles", pathNamed));
    out.add(def(rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", "", "", false, "",
        "clusterrolebindings", pathNamed));
    out.add(def("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", "csr", "",
        false, "status,approval", "certificatesigningrequests",
        plain(NameRule.PATH_SEGMENT, false, Map.of("spec.signerName", "spec.signerName"))));
    out.add(simple("coordination.k8s.io", "v1", "leases", "Lease", "", true, "leases"));
  }

  private static void networkingAndStorage(List<ResourceDefinition> out) {
    String net = "networking.k8s.io";
    out.add(def(net, "v1", "ingresses", "Ingress", "ing", "", true, "status", "ingress",
        plain(NameRule.DNS_SUBDOMAIN, true, NO_FIELDS)));
    out.add(simple(net, "v1", "ingressclasses", "IngressClass", "", false, "ingressclasses"));
    out.add(def(net, "v1", "networkpolicies", "NetworkPolicy", "netpol", "", true, "", "networkpolicies",
        plain(NameRule.DNS_SUBDOMAIN, true, NO_FIELDS)));
    out.add(simple("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", "", true, "endpointslices"));
    String st = "storage.k8s.io";
    out.add(simple(st, "v1", "storageclasses", "StorageClass", "sc", false, "storageclasses"));
    out.add(simple(st, "v1", "csidrivers", "CSIDriver", "", false, "csidrivers"));
    out.add(simple(st, "v1", "csinodes", "CSINode", "", false, "csinodes"));
    out.add(def(st, "v1", "volumeattachments", "VolumeAttachment", "", "", false, "status", "volumeattachments",
        plain(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS)));
  }

  /** Computed, create-only review resources (authentication and authorization APIs). */
  private static void reviews(List<ResourceDefinition> out) {
    ResourceStrategy createOnly = new DefaultStrategy(NameRule.PATH_SEGMENT, false, NO_FIELDS, List.of("create"));
    String authn = "authentication.k8s.io";
    String authz = "authorization.k8s.io";
    out.add(def(authn, "v1", "tokenreviews", "TokenReview", "", "", false, "", "tokenreviews", createOnly));
    out.add(def(authn, "v1", "selfsubjectreviews", "SelfSubjectReview", "", "", false, "", "selfsubjectreviews",
        createOnly));
    // kubectl 1.27's `auth whoami` only asks v1beta1.
    out.add(def(authn, "v1beta1", "selfsubjectreviews", "SelfSubjectReview", "", "", false, "",
        "selfsubjectreviews", createOnly));
    out.add(def(authz, "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", "", "", true, "",
        "localsubjectaccessreviews", createOnly));
    out.add(def(authz, "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", "", "", false, "",
        "selfsubjectaccessreviews", createOnly));
    out.add(def(authz, "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", "", "", false, "",
        "selfsubjectrulesreviews", createOnly));
    out.add(def(authz, "v1", "subjectaccessreviews", "SubjectAccessReview", "", "", false, "",
        "subjectaccessreviews", createOnly));
  }

  private static void platform(List<ResourceDefinition> out) {
    out.add(def("events.k8s.io", "v1", "events", "Event", "ev", "", true, "", "events.k8s.io/events",
        plain(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS)));
    out.add(simple("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", "pc", false, "priorityclasses"));
    out.add(simple("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", "", false, "runtimeclasses"));
    out.add(def("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", "crd,crds",
        "api-extensions", false, "status", "apiextensions.k8s.io/customresourcedefinitions", new CrdStrategy()));
    String adm = "admissionregistration.k8s.io";
    out.add(def(adm, "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", "", "api-extensions",
        false, "", "mutatingwebhookconfigurations", plain(NameRule.DNS_SUBDOMAIN, true, NO_FIELDS)));
    out.add(def(adm, "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", "",
        "api-extensions", false, "", "validatingwebhookconfigurations",
        plain(NameRule.DNS_SUBDOMAIN, true, NO_FIELDS)));
    out.add(def(adm, "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", "", "api-extensions", false,
        "status", "validatingadmissionpolicies", plain(NameRule.DNS_SUBDOMAIN, true, NO_FIELDS)));
    out.add(def(adm, "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", "",
        "api-extensions", false, "", "validatingadmissionpolicybindings",
        plain(NameRule.DNS_SUBDOMAIN, true, NO_FIELDS)));
  }

  private static Map<String, String> eventFields() {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String f : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
      fields.put("involvedObject." + f, "involvedObject." + f);
    }
    fields.put("reason", "reason");
    fields.put("reportingComponent", "reportingComponent");
    fields.put("source", "source.component");
    fields.put("type", "type");
    return fields;
  }

  private static ResourceDefinition workload(String group, String resource, String kind, String shortNames,
      String subresources, ResourceStrategy strategy) {
    return def(group, "v1", resource, kind, shortNames, "all", true, subresources, resource, strategy);
  }

  private static ResourceStrategy labelSelected(WorkloadDefaults defaults, Map<String, String> fields) {
    return new WorkloadStrategy("spec.template", SelectorStyle.LABEL_SELECTOR, defaults, fields);
  }

  private static ResourceDefinition simple(String group, String version, String resource, String kind,
      String shortNames, boolean namespaced, String storagePath) {
    return def(group, version, resource, kind, shortNames, "", namespaced, "", storagePath,
        plain(NameRule.DNS_SUBDOMAIN, false, NO_FIELDS));
  }

  private static ResourceStrategy plain(NameRule rule, boolean generation, Map<String, String> fields) {
    return new DefaultStrategy(rule, generation, fields, ResourceDefinition.ALL_VERBS);
  }

  private static ResourceDefinition def(String group, String version, String resource, String kind,
      String shortNames, String categories, boolean namespaced, String subresources, String storagePath,
      ResourceStrategy strategy) {
    return new ResourceDefinition(group, version, resource, kind, kind.toLowerCase(java.util.Locale.ROOT),
        split(shortNames), split(categories), namespaced, new LinkedHashSet<>(split(subresources)), storagePath,
        strategy);
  }

  private static List<String> split(String csv) {
    return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
  }

  /** Nodes keep the status the kubelet registers them with (node strategy keeps status on create). */
  private static final class NodeStrategy extends DefaultStrategy {
    NodeStrategy() {
      super(NameRule.DNS_SUBDOMAIN, false, Map.of("spec.unschedulable", "spec.unschedulable"),
          ResourceDefinition.ALL_VERBS);
    }

    @Override
    public boolean resetsStatusOnCreate() {
      return false;
    }
  }

}
