package dev.vkube.apiserver.controllers.cluster.leaderelection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.controller.Lease;
import dev.vkube.controller.LeaseStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The leader-election lock as a coordination.k8s.io/v1 Lease in this server's own storage
 * (client-go resourcelock.LeaseLock): writes carry the resourceVersion read, so a concurrent writer
 * makes them fail (409) instead of overwriting. {@link #KUBE_CONTROLLER_MANAGER} is the lock
 * kube-controller-manager uses.
 */
public final class LeaseObjectStore implements LeaseStore {
  public static final String NAMESPACE = "kube-system";
  public static final String KUBE_CONTROLLER_MANAGER = "kube-controller-manager";
  /** metav1.MicroTime's wire format. */
  static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final GenericStore leases;
  private final String namespace;
  private final String name;
  private final WriteContext writer;

  public LeaseObjectStore(GenericStore leases, String namespace, String name, WriteContext writer) {
    this.leases = leases;
    this.namespace = namespace;
    this.name = name;
    this.writer = writer;
  }

  /** The kube-controller-manager lock in kube-system. */
  public static LeaseObjectStore controllerManager(GenericStore leases) {
    return new LeaseObjectStore(leases, NAMESPACE, KUBE_CONTROLLER_MANAGER,
        WriteContext.controller("leader-election"));
  }

  @Override
  public Optional<Lease> get() {
    try {
      return Optional.of(fromObject(StoreClient.join(leases.get(namespace, name)).object()));
    } catch (ApiException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public boolean create(Lease lease) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
    object.putObject("metadata").put("name", name).put("namespace", namespace);
    object.set("spec", spec(lease));
    return succeeded(() -> StoreClient.join(leases.create(namespace, object, writer)));
  }

  @Override
  public boolean update(Lease lease) {
    return succeeded(() -> StoreClient.join(leases.update(namespace, name, "", current -> {
      ObjectNode next = current.deepCopy();
      Meta.metadata(next).put("resourceVersion", lease.resourceVersion());
      next.set("spec", spec(lease));
      return next;
    }, writer)));
  }

  private static boolean succeeded(Runnable write) {
    try {
      write.run();
      return true;
    } catch (ApiException e) {
      if (e.code() == 409 || e.code() == 404) {
        return false;
      }
      throw e;
    }
  }

  static ObjectNode spec(Lease lease) {
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    spec.put("holderIdentity", lease.holderIdentity()).put("leaseDurationSeconds", lease.leaseDurationSeconds());
    if (lease.acquireTime() != null) {
      spec.put("acquireTime", MICRO_TIME.format(lease.acquireTime().truncatedTo(ChronoUnit.MICROS)));
    }
    if (lease.renewTime() != null) {
      spec.put("renewTime", MICRO_TIME.format(lease.renewTime().truncatedTo(ChronoUnit.MICROS)));
    }
    spec.put("leaseTransitions", lease.leaseTransitions());
    return spec;
  }

  static Lease fromObject(JsonNode object) {
    JsonNode spec = object.path("spec");
    return new Lease(spec.path("holderIdentity").asText(null), spec.path("leaseDurationSeconds").asInt(0),
        time(spec.path("acquireTime")), time(spec.path("renewTime")), spec.path("leaseTransitions").asInt(0),
        Meta.resourceVersion(object));
  }

  private static Instant time(JsonNode value) {
    return value.isTextual() ? Instant.parse(value.asText()) : null;
  }
}
