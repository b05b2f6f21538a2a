package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Creates the default roles and bindings at start and reconciles existing ones as kube-apiserver's
 * rbac/bootstrap-roles post-start hook does (pkg/registry/rbac/reconciliation): missing rules, aggregation
 * selectors, subjects, labels and annotations are added, what users added is kept, a binding whose
 * roleRef changed is recreated, and objects annotated {@code rbac.authorization.kubernetes.io/autoupdate:
 * "false"} are left alone.
 */
public final class PolicyReconciler {
  private final Informers informers;
  private final DefaultPolicy policy;

  public PolicyReconciler(Informers informers, DefaultPolicy policy) {
    this.informers = informers;
    this.policy = policy;
  }

  /** Reconciles every default object; completes when all writes are done. */
  public CompletionStage<Void> reconcile() {
    return CompletableFuture.allOf(
        reconcileAll("clusterroles", policy.clusterRoles()).toCompletableFuture(),
        reconcileAll("clusterrolebindings", policy.clusterRoleBindings()).toCompletableFuture(),
        reconcileAll("roles", policy.roles()).toCompletableFuture(),
        reconcileAll("rolebindings", policy.roleBindings()).toCompletableFuture());
  }

  private CompletionStage<Void> reconcileAll(String resource, List<ObjectNode> expected) {
    GenericStore store = informers.store(CachedRbacSource.GROUP, "v1", resource);
    boolean bindings = resource.endsWith("bindings");
    return store.list(null, ListOptions.ALL).thenCompose(existing -> {
      Map<String, ObjectNode> byKey = new HashMap<>();
      for (StoredObject o : existing.items()) {
        byKey.put(RbacSnapshot.key(Meta.namespace(o.object()), Meta.name(o.object())), o.object());
      }
      List<CompletableFuture<?>> writes = new ArrayList<>();
      for (ObjectNode want : expected) {
        ObjectNode have = byKey.get(RbacSnapshot.key(Meta.namespace(want), Meta.name(want)));
        CompletionStage<?> write = bindings ? reconcileBinding(store, want, have) : reconcileRole(store, want, have);
        writes.add(write.toCompletableFuture());
      }
      return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    });
  }

  private CompletionStage<?> reconcileRole(GenericStore store, ObjectNode want, ObjectNode have) {
    if (have == null) {
      return store.create(Meta.namespace(want), want, WriteContext.SERVER);
    }
    if (isProtected(have) || reconciledRole(have, want) == null) {
      return CompletableFuture.completedFuture(null);
    }
    return store.update(Meta.namespace(want), Meta.name(want), "", current -> {
      ObjectNode next = reconciledRole(current, want);
      return next == null ? current : next;
    }, WriteContext.SERVER);
  }

  private CompletionStage<?> reconcileBinding(GenericStore store, ObjectNode want, ObjectNode have) {
    String ns = Meta.namespace(want);
    if (have == null) {
      return store.create(ns, want, WriteContext.SERVER);
    }
    if (isProtected(have)) {
      return CompletableFuture.completedFuture(null);
    }
    if (!have.path("roleRef").equals(want.path("roleRef"))) {
      // roleRef is immutable: recreate (ReconcileRecreate)
      return store.delete(ns, Meta.name(want), DeleteOptions.DEFAULT, WriteContext.SERVER)
          .thenCompose(gone -> store.create(ns, want, WriteContext.SERVER));
    }
    if (reconciledBinding(have, want) == null) {
      return CompletableFuture.completedFuture(null);
    }
    return store.update(ns, Meta.name(want), "", current -> {
      ObjectNode next = reconciledBinding(current, want);
      return next == null ? current : next;
    }, WriteContext.SERVER);
  }

  static boolean isProtected(JsonNode existing) {
    return "false".equals(existing.path("metadata").path("annotations").path(DefaultPolicy.AUTOUPDATE).asText(null));
  }

  /** computeReconciledRole (union mode): the updated role, or null when nothing is missing. */
  static ObjectNode reconciledRole(ObjectNode existing, ObjectNode expected) {
    ObjectNode result = existing.deepCopy();
    boolean changed = mergeMeta(result, expected);
    List<PolicyRule> missing = Coverage.uncovered(PolicyRule.listFrom(existing), PolicyRule.listFrom(expected));
    if (!missing.isEmpty()) {
      ArrayNode rules = result.withArray("rules");
      missing.forEach(r -> rules.add(r.toJson()));
      changed = true;
    }
    JsonNode wantedSelectors = expected.path("aggregationRule").path("clusterRoleSelectors");
    if (!expected.has("aggregationRule") && existing.has("aggregationRule")) {
      result.remove("aggregationRule");
      changed = true;
    }
    for (JsonNode selector : wantedSelectors) {
      ArrayNode selectors = result.with("aggregationRule").withArray("clusterRoleSelectors");
      if (!contains(selectors, selector)) {
        selectors.add(selector.deepCopy());
        changed = true;
      }
    }
    return changed ? result : null;
  }

  /** computeReconciledRoleBinding (union mode): the updated binding, or null when nothing is missing. */
  static ObjectNode reconciledBinding(ObjectNode existing, ObjectNode expected) {
    ObjectNode result = existing.deepCopy();
    boolean changed = mergeMeta(result, expected);
    for (JsonNode subject : expected.path("subjects")) {
      ArrayNode subjects = result.withArray("subjects");
      if (!contains(subjects, subject)) {
        subjects.add(subject.deepCopy());
        changed = true;
      }
    }
    return changed ? result : null;
  }

  /** Labels and annotations: the expected ones, overridden by what the object already has. */
  private static boolean mergeMeta(ObjectNode result, ObjectNode expected) {
    boolean changed = false;
    for (String field : List.of("labels", "annotations")) {
      JsonNode wanted = expected.path("metadata").path(field);
      ObjectNode have = result.with("metadata").with(field);
      for (var e : (Iterable<Map.Entry<String, JsonNode>>) wanted::fields) {
        if (!have.has(e.getKey())) {
          have.set(e.getKey(), e.getValue());
          changed = true;
        }
      }
    }
    return changed;
  }

  private static boolean contains(ArrayNode array, JsonNode item) {
    for (JsonNode existing : array) {
      if (existing.equals(item)) {
        return true;
      }
    }
    return false;
  }
}
