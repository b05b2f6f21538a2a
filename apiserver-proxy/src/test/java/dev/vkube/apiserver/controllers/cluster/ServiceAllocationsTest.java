package dev.vkube.apiserver.controllers.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.controllers.cluster.service.AllocationException;
import dev.vkube.apiserver.controllers.cluster.service.ServiceAllocations;
import dev.vkube.apiserver.controllers.cluster.service.ServiceCidr;
import dev.vkube.apiserver.storage.WatchEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceAllocationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MutableClock clock = new MutableClock();

  private ServiceAllocations allocations(String cidr) {
    return new ServiceAllocations(ServiceCidr.parse(cidr), clock, new Random(1));
  }

  @Test
  void rangeExcludesNetworkAndBroadcastAndStartsAtDotOne() {
    ServiceCidr cidr = ServiceCidr.parse("10.96.0.0/24");
    assertEquals(254, cidr.size());
    assertEquals("10.96.0.1", cidr.first());
    assertEquals("10.96.0.254", cidr.address(253));
  }

  @Test
  void dynamicAllocationNeverRepeatsNorHandsOutTheFirstAddress() throws Exception {
    ServiceAllocations a = allocations("10.0.0.0/27");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 29; i++) {
      assertTrue(seen.add(a.allocateIp(null, false)));
    }
    assertFalse(seen.contains("10.0.0.1"));
    AllocationException full = assertThrows(AllocationException.class, () -> a.allocateIp(null, false));
    assertEquals(AllocationException.Reason.FULL, full.reason());
    assertEquals("10.0.0.1", a.allocateIp("10.0.0.1", false));
  }

  @Test
  void requestedAddressIsHonouredOnceAndMustBeInRange() throws Exception {
    ServiceAllocations a = allocations("10.96.0.0/12");
    assertEquals("10.96.0.10", a.allocateIp("10.96.0.10", false));
    AllocationException taken = assertThrows(AllocationException.class, () -> a.allocateIp("10.96.0.10", false));
    assertEquals("provided IP is already allocated", taken.getMessage());
    AllocationException outside = assertThrows(AllocationException.class, () -> a.allocateIp("10.0.0.1", false));
    assertEquals("the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
        outside.getMessage());
  }

  @Test
  void storedServicesHoldTheirAddressesUntilDeleted() throws Exception {
    ServiceAllocations a = allocations("10.96.0.0/12");
    ObjectNode service = service("web", "10.96.0.20", 30080);
    a.observe(WatchEvent.Type.ADDED, service);
    assertThrows(AllocationException.class, () -> a.allocateIp("10.96.0.20", false));
    assertThrows(AllocationException.class, () -> a.allocatePort(30080, false));
    a.observe(WatchEvent.Type.DELETED, service);
    assertEquals("10.96.0.20", a.allocateIp("10.96.0.20", false));
    assertEquals(30080, a.allocatePort(30080, false));
  }

  @Test
  void pendingAllocationWithoutAServiceExpires() throws Exception {
    ServiceAllocations a = allocations("10.96.0.0/12");
    a.allocateIp("10.96.0.30", false);
    clock.advance(Duration.ofMinutes(2));
    assertEquals("10.96.0.30", a.allocateIp("10.96.0.30", false));
  }

  @Test
  void dryRunDoesNotTakeTheAddress() throws Exception {
    ServiceAllocations a = allocations("10.96.0.0/12");
    a.allocateIp("10.96.0.40", true);
    assertEquals("10.96.0.40", a.allocateIp("10.96.0.40", false));
  }

  @Test
  void nodePortsComeFromTheDefaultRange() throws Exception {
    ServiceAllocations a = allocations("10.96.0.0/12");
    int port = a.allocatePort(null, false);
    assertTrue(port >= 30000 && port <= 32767);
    AllocationException outside = assertThrows(AllocationException.class, () -> a.allocatePort(80, false));
    assertEquals("provided port is not in the valid range. The range of valid ports is 30000-32767",
        outside.getMessage());
  }

  private static ObjectNode service(String name, String ip, int nodePort) throws Exception {
    return (ObjectNode) JSON.readTree(("{'metadata':{'namespace':'n','name':'" + name + "'},'spec':{'type':'NodePort',"
        + "'clusterIP':'" + ip + "','clusterIPs':['" + ip + "'],'ports':[{'port':80,'nodePort':" + nodePort + "}]}}")
        .replace('\'', '"'));
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2024-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
