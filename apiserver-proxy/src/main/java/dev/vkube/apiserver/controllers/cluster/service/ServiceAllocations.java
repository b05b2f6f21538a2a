package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.storage.WatchEvent;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * This replica's view of which cluster IPs and node ports are taken: what the stored services hold (fed
 * by the services informer, which also rebuilds it at start and releases what deleted services held),
 * plus addresses handed out by admission whose service is not stored yet. Such a pending allocation
 * expires if no service shows up holding it. The view proposes values and refuses known conflicts
 * early; exclusivity across replicas comes from the etcd claims written with each service.
 */
public final class ServiceAllocations {
  public static final int NODE_PORT_MIN = 30000;
  public static final int NODE_PORT_MAX = 32767;
  static final Duration PENDING_TTL = Duration.ofSeconds(60);

  private final ServiceCidr cidr;
  private final Clock clock;
  private final Pool ips;
  private final Pool ports;
  private final Map<String, Held> held = new HashMap<>();

  public ServiceAllocations(ServiceCidr cidr, Clock clock, RandomGenerator random) {
    this.cidr = cidr;
    this.clock = clock;
    // Offset 0 (the first address) is the kubernetes service's: never handed out dynamically.
    this.ips = new Pool(new RangeBitmap(cidr.size(), RangeBitmap.band(cidr.size(), 16, 16, 256), 1, random));
    int portCount = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    this.ports = new Pool(new RangeBitmap(portCount, RangeBitmap.band(portCount, 16, 32, 128), 0, random));
  }

  public ServiceCidr cidr() {
    return cidr;
  }

  /** An informer event for a service. */
  public synchronized void observe(WatchEvent.Type type, JsonNode service) {
    String key = Meta.namespace(service) + "/" + Meta.name(service);
    Held now = type == WatchEvent.Type.DELETED ? Held.NONE : heldBy(service);
    Held before = held.getOrDefault(key, Held.NONE);
    if (now.equals(Held.NONE)) {
      held.remove(key);
    } else {
      held.put(key, now);
    }
    now.ips.forEach(ips::hold);
    now.ports.forEach(ports::hold);
    before.ips.forEach(ips::unhold);
    before.ports.forEach(ports::unhold);
  }

  /** Takes {@code requested} (or any free address when null); returns it as text. */
  public synchronized String allocateIp(String requested, boolean dryRun) throws AllocationException {
    expirePending();
    if (requested == null) {
      int offset = ips.next(dryRun);
      if (offset < 0) {
        throw new AllocationException(AllocationException.Reason.FULL, "range is full");
      }
      return cidr.address(offset);
    }
    int offset = offsetOf(requested);
    if (offset < 0) {
      throw new AllocationException(AllocationException.Reason.OUT_OF_RANGE, "the provided IP (" + requested
          + ") is not in the valid range. The range of valid IPs is " + cidr.cidr());
    }
    if (!ips.take(offset, dryRun)) {
      throw new AllocationException(AllocationException.Reason.ALLOCATED, "provided IP is already allocated");
    }
    return requested;
  }

  public synchronized int allocatePort(Integer requested, boolean dryRun) throws AllocationException {
    expirePending();
    if (requested == null) {
      int offset = ports.next(dryRun);
      if (offset < 0) {
        throw new AllocationException(AllocationException.Reason.FULL, "range is full");
      }
      return NODE_PORT_MIN + offset;
    }
    if (requested < NODE_PORT_MIN || requested > NODE_PORT_MAX) {
      throw new AllocationException(AllocationException.Reason.OUT_OF_RANGE, "provided port is not in the valid "
          + "range. The range of valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX);
    }
    if (!ports.take(requested - NODE_PORT_MIN, dryRun)) {
      throw new AllocationException(AllocationException.Reason.ALLOCATED, "provided port is already allocated");
    }
    return requested;
  }

  /** Gives back an allocation made for a write that then failed in admission. */
  public synchronized void releaseIp(String ip) {
    int offset = offsetOf(ip);
    if (offset >= 0) {
      ips.cancel(offset);
    }
  }

  public synchronized void releasePort(int port) {
    ports.cancel(port - NODE_PORT_MIN);
  }

  public synchronized boolean ipTaken(String ip) {
    int offset = offsetOf(ip);
    return offset >= 0 && ips.bitmap.isSet(offset);
  }

  private int offsetOf(String ip) {
    try {
      return cidr.offset(InetAddress.getByName(ip));
    } catch (java.net.UnknownHostException e) {
      return -1;
    }
  }

  private Held heldBy(JsonNode service) {
    Set<Integer> ipOffsets = new HashSet<>();
    JsonNode spec = service.path("spec");
    JsonNode addresses = spec.path("clusterIPs").isEmpty()
        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(spec.path("clusterIP"))
        : spec.path("clusterIPs");
    for (JsonNode ip : addresses) {
      if (ip.isTextual() && !ip.asText().isEmpty() && !"None".equals(ip.asText())) {
        int offset = offsetOf(ip.asText());
        if (offset >= 0) {
          ipOffsets.add(offset);
        }
      }
    }
    Set<Integer> portOffsets = new HashSet<>();
    for (JsonNode port : spec.path("ports")) {
      int nodePort = port.path("nodePort").asInt(0);
      if (nodePort >= NODE_PORT_MIN && nodePort <= NODE_PORT_MAX) {
        portOffsets.add(nodePort - NODE_PORT_MIN);
      }
    }
    return new Held(Set.copyOf(ipOffsets), Set.copyOf(portOffsets));
  }

  private void expirePending() {
    Instant cutoff = clock.instant().minus(PENDING_TTL);
    ips.expire(cutoff);
    ports.expire(cutoff);
  }

  private record Held(Set<Integer> ips, Set<Integer> ports) {
    static final Held NONE = new Held(Set.of(), Set.of());
  }

  /** One bitmap with who holds each bit: stored services (counted) or a pending allocation. */
  private final class Pool {
    private final RangeBitmap bitmap;
    private final Map<Integer, Integer> holders = new HashMap<>();
    private final Map<Integer, Instant> pending = new HashMap<>();

    Pool(RangeBitmap bitmap) {
      this.bitmap = bitmap;
    }

    void hold(int offset) {
      if (offset < bitmap.size()) {
        holders.merge(offset, 1, Integer::sum);
        pending.remove(offset);
        bitmap.set(offset);
      }
    }

    void unhold(int offset) {
      if (holders.merge(offset, -1, Integer::sum) <= 0) {
        holders.remove(offset);
        if (!pending.containsKey(offset)) {
          bitmap.clear(offset);
        }
      }
    }

    int next(boolean dryRun) {
      int offset = bitmap.nextFree();
      if (offset >= 0 && !dryRun) {
        bitmap.set(offset);
        pending.put(offset, clock.instant());
      }
      return offset;
    }

    boolean take(int offset, boolean dryRun) {
      if (bitmap.isSet(offset)) {
        return false;
      }
      if (!dryRun) {
        bitmap.set(offset);
        pending.put(offset, clock.instant());
      }
      return true;
    }

    void cancel(int offset) {
      if (pending.remove(offset) != null && !holders.containsKey(offset)) {
        bitmap.clear(offset);
      }
    }

    void expire(Instant cutoff) {
      pending.entrySet().removeIf(e -> {
        boolean stale = e.getValue().isBefore(cutoff);
        if (stale && !holders.containsKey(e.getKey())) {
          bitmap.clear(e.getKey());
        }
        return stale;
      });
    }
  }
}
