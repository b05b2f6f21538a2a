package dev.vkube.apiserver.admission;

import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.admission.limitranger.LimitRanger;
import dev.vkube.apiserver.admission.namespace.NamespaceLifecycle;
import dev.vkube.apiserver.admission.podsecurity.PodSecurityAdmission;
import dev.vkube.apiserver.admission.quota.InformerQuotaObjects;
import dev.vkube.apiserver.admission.quota.QuotaLedger;
import dev.vkube.apiserver.admission.quota.QuotaStatusController;
import dev.vkube.apiserver.admission.quota.ResourceQuotaAdmission;
import dev.vkube.apiserver.admission.serviceaccount.ServiceAccountAdmission;
import dev.vkube.apiserver.admission.tolerations.DefaultTolerationSeconds;
import dev.vkube.apiserver.admission.tolerations.ExtendedResourceToleration;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import java.security.SecureRandom;

/** Builds the admission chain of a virtual cluster (--enable-admission-plugins, in upstream's order). */
public final class Admission {
  private Admission() {}

  /**
   * Adds the plugins to {@code chain} (which the stores already hold), in the order of kube-apiserver's
   * AllOrderedPlugins (pkg/kubeapiserver/options/plugins.go), ResourceQuota last.
   */
  public static void configure(AdmissionChain chain, ServerContext context) {
    Informers informers = context.informers();
    ObjectCache namespaces = informers.of("", "v1", "namespaces");
    ObjectCache serviceAccounts = informers.of("", "v1", "serviceaccounts");
    ObjectCache limitRanges = informers.of("", "v1", "limitranges");
    ObjectCache pods = informers.of("", "v1", "pods");
    chain.add(new NamespaceLifecycle())
        .add(new LimitRanger(limitRanges::list))
        .add(new ServiceAccountAdmission(serviceAccounts::get, ns -> namespaces.get(null, ns) != null,
            new SecureRandom()))
        .add(new PodSecurityAdmission(ns -> namespaces.get(null, ns), pods::list))
        .add(new DefaultTolerationSeconds())
        .add(new ExtendedResourceToleration())
        .add(new ResourceQuotaAdmission(new QuotaLedger(quotaObjects(context), context.clock())));
  }

  /**
   * Starts the controller that keeps ResourceQuota status current (kube-controller-manager's
   * resourcequota controller, status half); the caller closes it with the cluster.
   */
  public static AutoCloseable startControllers(ServerContext context) {
    InformerQuotaObjects objects = quotaObjects(context);
    Informers informers = context.informers();
    QuotaStatusController controller = new QuotaStatusController(new QuotaLedger(objects, context.clock()),
        informers.store("", "v1", "resourcequotas")).start();
    informers.of("", "v1", "resourcequotas").addListener((type, quota) -> controller.changed(Meta.namespace(quota)));
    for (String resource : new String[] {"pods", "services", "persistentvolumeclaims"}) {
      informers.of("", "v1", resource).addListener((type, o) -> controller.objectChanged(Meta.namespace(o)));
    }
    return controller;
  }

  private static InformerQuotaObjects quotaObjects(ServerContext context) {
    InformerQuotaObjects objects = new InformerQuotaObjects(context.registry(), context.informers());
    for (String resource : new String[] {"resourcequotas", "pods", "services", "persistentvolumeclaims"}) {
      objects.cache("", resource); // start the caches now, so they are synced before the first request
    }
    return objects;
  }
}
