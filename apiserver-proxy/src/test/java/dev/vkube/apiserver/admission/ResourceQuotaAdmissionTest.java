package dev.vkube.apiserver.admission;

import static dev.vkube.apiserver.admission.AdmissionTesting.admit;
import static dev.vkube.apiserver.admission.AdmissionTesting.create;
import static dev.vkube.apiserver.admission.AdmissionTesting.json;
import static dev.vkube.apiserver.admission.AdmissionTesting.pod;
import static dev.vkube.apiserver.admission.AdmissionTesting.update;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.quota.QuotaLedger;
import dev.vkube.apiserver.admission.quota.QuotaObjects;
import dev.vkube.apiserver.admission.quota.ResourceQuotaAdmission;
import dev.vkube.apiserver.api.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Cases of plugin/pkg/admission/resourcequota/admission_test.go and specs/gpu.md §8, rewritten for vkube. */
class ResourceQuotaAdmissionTest {
  /** Objects by "group/resource", as the informer caches would hold them. */
  private final Map<String, List<ObjectNode>> objects = new ConcurrentHashMap<>();
  private final QuotaObjects source = new QuotaObjects() {
    @Override
    public List<ObjectNode> list(String group, String resource, String namespace) {
      return objects.getOrDefault(group + "/" + resource, List.of());
    }

    @Override
    public List<ObjectNode> quotas(String namespace) {
      return list("", "resourcequotas", namespace);
    }
  };
  private final QuotaLedger ledger = new QuotaLedger(source, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"),
      ZoneOffset.UTC));
  private final ResourceQuotaAdmission plugin = new ResourceQuotaAdmission(ledger);

  private void store(String resource, ObjectNode object) {
    objects.computeIfAbsent(resource, k -> new CopyOnWriteArrayList<>()).add(object);
  }

  private void quota(String name, String hard) {
    store("/resourcequotas", json("{'metadata':{'name':'" + name + "','namespace':'ns'},'spec':{'hard':" + hard + "}}"));
  }

  private ApiException refused(AdmissionRequest request) {
    return assertThrows(ApiException.class, () -> admit(plugin, request));
  }

  @Test
  void thirdPodExceedsPodsQuota() {
    quota("pods-2", "{'pods':'2'}");
    store("/pods", pod("a", "{}"));
    store("/pods", pod("b", "{}"));
    ApiException e = refused(create("", "pods", "ns", pod("c", "{}")));
    assertEquals(403, e.code());
    assertEquals("pods \"c\" is forbidden: exceeded quota: pods-2, requested: pods=1, used: pods=2, limited: pods=2",
        e.getMessage());
  }

  @Test
  void terminalPodsReleasePodsButNotCountPods() {
    quota("q", "{'pods':'1','count/pods':'2'}");
    ObjectNode done = pod("done", "{}");
    done.with("status").put("phase", "Succeeded");
    store("/pods", done);
    assertDoesNotThrow(() -> admit(plugin, create("", "pods", "ns", pod("new", "{}"))));
    ApiException e = refused(create("", "pods", "ns", pod("third", "{}")));
    assertEquals("pods \"third\" is forbidden: exceeded quota: q, requested: count/pods=1,pods=1, used: "
        + "count/pods=2,pods=1, limited: count/pods=2,pods=1", e.getMessage());
  }

  @Test
  void gpuQuotaCountsRequestsOfExtendedResources() {
    quota("gpus", "{'requests.nvidia.com/gpu':'4'}");
    String twoGpus = "{'requests':{'nvidia.com/gpu':'2'},'limits':{'nvidia.com/gpu':'2'}}";
    admit(plugin, create("", "pods", "ns", pod("a", twoGpus)));
    admit(plugin, create("", "pods", "ns", pod("b", twoGpus)));
    ApiException e = refused(create("", "pods", "ns", pod("c", "{'requests':{'nvidia.com/gpu':'1'},"
        + "'limits':{'nvidia.com/gpu':'1'}}")));
    assertEquals("pods \"c\" is forbidden: exceeded quota: gpus, requested: requests.nvidia.com/gpu=1, used: "
        + "requests.nvidia.com/gpu=4, limited: requests.nvidia.com/gpu=4", e.getMessage());
    assertDoesNotThrow(() -> admit(plugin, create("", "pods", "ns", pod("cpu-only", "{'requests':{'cpu':'1'}}"))));
  }

  @Test
  void bareAndLimitsExtendedKeysAreNeverChargedButWarned() {
    ObjectNode quota = json("{'metadata':{'name':'bare','namespace':'ns'},'spec':{'hard':{'nvidia.com/gpu':'1',"
        + "'limits.nvidia.com/gpu':'1'}}}");
    AdmissionRequest create = create("", "resourcequotas", "ns", quota);
    admit(plugin, create);
    assertEquals(2, create.warnings().texts().size());
    assertTrue(create.warnings().texts().get(1).contains("\"requests.nvidia.com/gpu\""), create.warnings().texts()
        .toString());
    store("/resourcequotas", quota);
    String gpus = "{'requests':{'nvidia.com/gpu':'2'},'limits':{'nvidia.com/gpu':'2'}}";
    assertDoesNotThrow(() -> admit(plugin, create("", "pods", "ns", pod("a", gpus))));
  }

  @Test
  void cpuQuotaRequiresEveryContainerToDeclareCpu() {
    quota("compute", "{'requests.cpu':'2','limits.memory':'1Gi','requests.nvidia.com/gpu':'1'}");
    ApiException e = refused(create("", "pods", "ns", pod("p", "{'requests':{'cpu':'1'}}")));
    assertEquals("pods \"p\" is forbidden: failed quota: compute: must specify limits.memory for: c", e.getMessage());
  }

  @Test
  void compareExceededWithCanonicalQuantities() {
    quota("mem", "{'requests.memory':'1Gi','requests.cpu':'1'}");
    store("/pods", pod("a", "{'requests':{'memory':'768Mi','cpu':'500m'}}"));
    ApiException e = refused(create("", "pods", "ns", pod("b", "{'requests':{'memory':'512Mi','cpu':'500m'}}")));
    assertEquals("pods \"b\" is forbidden: exceeded quota: mem, requested: requests.memory=512Mi, used: "
        + "requests.memory=768Mi, limited: requests.memory=1Gi", e.getMessage());
  }

  @Test
  void scopedQuotaOnlyChargesMatchingPods() {
    store("/resourcequotas", json("{'metadata':{'name':'be','namespace':'ns'},'spec':{'hard':{'pods':'1'},"
        + "'scopes':['BestEffort']}}"));
    store("/pods", pod("besteffort", "{}"));
    assertDoesNotThrow(() -> admit(plugin, create("", "pods", "ns", pod("burstable", "{'requests':{'cpu':'1'}}"))));
    refused(create("", "pods", "ns", pod("another", "{}")));
  }

  @Test
  void priorityClassSelectorScopesQuota() {
    store("/resourcequotas", json("{'metadata':{'name':'high','namespace':'ns'},'spec':{'hard':{'pods':'0'},"
        + "'scopeSelector':{'matchExpressions':[{'scopeName':'PriorityClass','operator':'In','values':['high']}]}}}"));
    assertDoesNotThrow(() -> admit(plugin, create("", "pods", "ns", pod("low", "{}"))));
    ObjectNode high = pod("high", "{}");
    high.with("spec").put("priorityClassName", "high");
    refused(create("", "pods", "ns", high));
  }

  @Test
  void servicesCountLoadBalancersOnCreateAndUpdate() {
    quota("svc", "{'services.loadbalancers':'1'}");
    ObjectNode old = json("{'metadata':{'name':'web','namespace':'ns','resourceVersion':'5'},'spec':{'type':'ClusterIP',"
        + "'ports':[{'port':80}]}}");
    store("/services", json("{'metadata':{'name':'lb','namespace':'ns'},'spec':{'type':'LoadBalancer','ports':[]}}"));
    store("/services", old);
    ObjectNode next = old.deepCopy();
    next.with("spec").put("type", "LoadBalancer");
    ApiException e = refused(update("", "services", "ns", next, old));
    assertEquals("services \"web\" is forbidden: exceeded quota: svc, requested: services.loadbalancers=1, used: "
        + "services.loadbalancers=1, limited: services.loadbalancers=1", e.getMessage());
  }

  @Test
  void objectCountQuotaForAnyResource() {
    quota("counts", "{'count/configmaps':'1','count/deployments.apps':'0'}");
    admit(plugin, create("", "configmaps", "ns", json("{'metadata':{'name':'a'}}")));
    ApiException e = refused(create("", "configmaps", "ns", json("{'metadata':{'name':'b'}}")));
    assertEquals("configmaps \"b\" is forbidden: exceeded quota: counts, requested: count/configmaps=1, used: "
        + "count/configmaps=1, limited: count/configmaps=1", e.getMessage());
    ApiException d = refused(create("apps", "deployments", "ns", json("{'metadata':{'name':'d'}}")));
    assertTrue(d.getMessage().startsWith("deployments.apps \"d\" is forbidden: exceeded quota: counts"), d.getMessage());
  }

  @Test
  void concurrentCreatesNeverPassTheLimit() throws Exception {
    quota("gpus", "{'requests.nvidia.com/gpu':'10'}");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger admitted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < 50; i++) {
      String name = "p" + i;
      pool.submit(() -> {
        start.await();
        try {
          admit(plugin, create("", "pods", "ns", pod(name, "{'requests':{'nvidia.com/gpu':'1'},"
              + "'limits':{'nvidia.com/gpu':'1'}}")));
          admitted.incrementAndGet();
        } catch (ApiException refused) {
          // expected for all but ten
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertEquals(10, admitted.get());
  }

  @Test
  void dryRunChecksButDoesNotReserve() {
    quota("pods-1", "{'pods':'1'}");
    AdmissionRequest dry = new AdmissionRequest(Operation.CREATE, AdmissionTesting.definition("", "pods"), "", "ns",
        "a", pod("a", "{}"), null, null, true, new Warnings());
    admit(plugin, dry);
    assertDoesNotThrow(() -> admit(plugin, create("", "pods", "ns", pod("b", "{}"))));
    refused(create("", "pods", "ns", pod("c", "{}")));
  }
}
