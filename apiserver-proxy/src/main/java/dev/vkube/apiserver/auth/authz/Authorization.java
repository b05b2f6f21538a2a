package dev.vkube.apiserver.auth.authz;

import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.registry.VirtualResources;
import dev.vkube.apiserver.auth.authz.rbac.CachedRbacSource;
import dev.vkube.apiserver.auth.authz.rbac.RbacAuthorizer;
import dev.vkube.apiserver.auth.authz.rbac.RbacBootstrap;
import dev.vkube.apiserver.auth.authz.rbac.RbacEscalationCheck;
import dev.vkube.apiserver.auth.authz.review.AccessReviews;
import java.util.List;

/**
 * Builds the authorization of a virtual cluster (--authorization-mode=RBAC): the privileged group
 * system:masters, then RBAC over the cluster's own Roles and bindings.
 */
public final class Authorization {
  private Authorization() {}

  /** System:masters, then RBAC (kube-apiserver's privileged-group authorizer before --authorization-mode). */
  public static Authorizer chain(ServerContext context) {
    return new AuthorizerChain(List.of(new SystemMastersAuthorizer(),
        new RbacAuthorizer(new CachedRbacSource(context.informers()))));
  }

  /** Reconciles the default roles and bindings and starts the ClusterRole aggregation controller. */
  public static RbacBootstrap start(ServerContext context) {
    return RbacBootstrap.start(context.informers());
  }

  /** The admission step that refuses RBAC escalation through Role, ClusterRole and binding writes. */
  public static RbacEscalationCheck escalationCheck(ServerContext context) {
    return RbacEscalationCheck.of(context);
  }

  /**
   * SelfSubjectAccessReview, SelfSubjectRulesReview, SubjectAccessReview and LocalSubjectAccessReview
   * (authorization.k8s.io/v1), answering with {@code authorizer}, the server's chain.
   */
  public static void registerAccessReviews(VirtualResources resources, ServerContext context,
      Authorizer authorizer) {
    new AccessReviews(authorizer, new RbacAuthorizer(new CachedRbacSource(context.informers())).resolver())
        .register(resources);
  }
}
