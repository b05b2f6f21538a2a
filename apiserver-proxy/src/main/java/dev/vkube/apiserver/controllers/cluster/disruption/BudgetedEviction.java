package dev.vkube.apiserver.controllers.cluster.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.storage.Preconditions;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * pkg/registry/core/pod/storage/eviction.go: a pod that is pending, finished or already deleting goes
 * without asking; otherwise its one PodDisruptionBudget (more than one is a 500) must have observed
 * its own generation and allow a disruption, which the eviction takes (disruptionsAllowed - 1 and the
 * pod in status.disruptedPods, one compare-and-swap status write) before deleting the pod. An
 * unready pod may go without taking a disruption when the budget's unhealthyPodEvictionPolicy allows.
 */
public final class BudgetedEviction implements PodEviction, AutoCloseable {
  static final String VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";
  static final int MAX_DISRUPTED_PODS = 2000;
  private static final Set<String> IGNORES_BUDGET = Set.of("Pending", "Succeeded", "Failed");

  private final StoreClient client;
  private final ObjectCache pdbs;
  private final Clock clock;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "pod-eviction");
    t.setDaemon(true);
    return t;
  });

  public BudgetedEviction(ServerContext context) {
    this.client = new StoreClient(context.informers(), "eviction");
    this.pdbs = client.cache(Gvr.PDBS);
    this.clock = context.clock();
  }

  @Override
  public CompletionStage<ObjectNode> evict(String namespace, String podName, ObjectNode eviction, UserInfo user,
      boolean dryRun) {
    return CompletableFuture.supplyAsync(() -> evictNow(namespace, podName, eviction, user, dryRun), executor);
  }

  ObjectNode evictNow(String namespace, String podName, ObjectNode eviction, UserInfo user, boolean dryRun) {
    String named = Meta.name(eviction);
    if (named != null && !named.isEmpty() && !named.equals(podName)) {
      throw ApiException.badRequest("name in URL does not match name in Eviction object");
    }
    GenericStore podStore = client.store(Gvr.PODS);
    ObjectNode pod = client.get(podStore, namespace, podName).orElseThrow(() ->
        ApiException.notFound("", "pods", podName));
    DeleteOptions options = deleteOptions(eviction.path("deleteOptions"), dryRun);
    if (!canIgnoreBudget(pod)) {
      List<ObjectNode> budgets = budgetsOf(pod);
      if (budgets.size() > 1) {
        throw ApiException.internal("This pod has more than one PodDisruptionBudget, which the eviction "
            + "subresource does not support.");
      }
      if (budgets.size() == 1 && !mayGoUnhealthy(pod, budgets.get(0))) {
        takeDisruption(budgets.get(0), podName, dryRun);
      }
      // Delete exactly the pod that was checked (eviction.go adds the resourceVersion precondition).
      Preconditions given = options.preconditions();
      options = new DeleteOptions(options.gracePeriodSeconds(), options.propagationPolicy(), new Preconditions(
          given.uid(), given.resourceVersion() != null ? given.resourceVersion() : Meta.resourceVersion(pod)),
          options.dryRun());
    }
    StoreClient.join(podStore.delete(namespace, podName, options, new WriteContext(user, "kube-apiserver",
        dryRun)));
    return success();
  }

  private static boolean canIgnoreBudget(ObjectNode pod) {
    return Meta.deleting(pod) || IGNORES_BUDGET.contains(pod.path("status").path("phase").asText());
  }

  private List<ObjectNode> budgetsOf(ObjectNode pod) {
    return pdbs.list(Meta.namespace(pod)).stream().filter(pdb -> !PodHealth.selected(pdb, List.of(pod)).isEmpty())
        .toList();
  }

  /** unhealthyPodEvictionPolicy: AlwaysAllow, or IfHealthyBudget (default) while the budget is met. */
  private static boolean mayGoUnhealthy(ObjectNode pod, ObjectNode pdb) {
    if (PodHealth.ready(pod)) {
      return false;
    }
    JsonNode status = pdb.path("status");
    if ("AlwaysAllow".equals(pdb.path("spec").path("unhealthyPodEvictionPolicy").asText())) {
      return true;
    }
    int desired = status.path("desiredHealthy").asInt(0);
    return desired > 0 && status.path("currentHealthy").asInt(0) >= desired;
  }

  private void takeDisruption(ObjectNode pdb, String podName, boolean dryRun) {
    String name = Meta.name(pdb);
    if (dryRun) {
      check(pdb);
      return;
    }
    client.updateStatus(Gvr.PDBS, Meta.namespace(pdb), name, current -> {
      check(current);
      ObjectNode status = current.with("status");
      status.put("disruptionsAllowed", status.path("disruptionsAllowed").asInt() - 1);
      status.with("disruptedPods").put(podName, Meta.timestamp(clock.instant()));
      return current;
    }).orElseThrow(() -> ApiException.notFound("policy", "poddisruptionbudgets", name));
  }

  /** eviction.go checkAndDecrement's refusals, in its order. */
  private static void check(ObjectNode pdb) {
    JsonNode status = pdb.path("status");
    String name = Meta.name(pdb);
    if (status.path("observedGeneration").asLong(0) < pdb.path("metadata").path("generation").asLong(0)) {
      throw tooManyRequests("The disruption budget " + name + " is still being processed by the server.");
    }
    int allowed = status.path("disruptionsAllowed").asInt(0);
    if (allowed < 0) {
      throw ApiException.forbidden("pdb disruptions allowed is negative");
    }
    if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
      throw ApiException.forbidden("DisruptedPods map too big - too many evictions not confirmed by PDB controller");
    }
    if (allowed == 0) {
      throw tooManyRequests("The disruption budget " + name + " needs " + status.path("desiredHealthy").asInt(0)
          + " healthy pods and has " + status.path("currentHealthy").asInt(0) + " currently");
    }
  }

  private static ApiException tooManyRequests(String cause) {
    return new ApiException(429, "TooManyRequests", VIOLATION, null, null, null,
        List.of(new StatusCause("DisruptionBudget", cause, null)), null);
  }

  private static DeleteOptions deleteOptions(JsonNode given, boolean dryRun) {
    Long grace = given.hasNonNull("gracePeriodSeconds") ? given.get("gracePeriodSeconds").asLong() : null;
    String policy = given.hasNonNull("propagationPolicy") ? given.get("propagationPolicy").asText() : null;
    JsonNode pre = given.path("preconditions");
    return new DeleteOptions(grace, policy, new Preconditions(pre.hasNonNull("uid") ? pre.get("uid").asText() : null,
        pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null),
        dryRun || given.path("dryRun").size() > 0);
  }

  private static ObjectNode success() {
    ObjectNode status = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
    status.put("status", "Success").put("code", 201);
    return status;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
