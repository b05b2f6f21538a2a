package dev.vkube.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The embedded syncer's flags (DESIGN.md runtime contract: --host-kubeconfig=FILE --host-namespace=NS). */
class HostSyncFlagsTest {
  @Test
  void withoutHostFlagsThereIsNoSyncer() {
    assertNull(ServerOptions.parse(new String[] {"--data-dir=/tmp/x"}).hostSync());
  }

  @Test
  void kubeconfigAndNamespaceStartTheSyncerWithDefaults() {
    HostSyncOptions sync = ServerOptions.parse(new String[] {"--host-kubeconfig=/etc/host.kubeconfig",
        "--host-namespace=team-a"}).hostSync();
    assertEquals(new HostSyncOptions(Path.of("/etc/host.kubeconfig"), "team-a", "vkube", false), sync);
  }

  @Test
  void nameAndNodeSyncAreFlagsToo() {
    HostSyncOptions sync = ServerOptions.parse(new String[] {"--host-kubeconfig=/k", "--host-namespace=ns",
        "--vcluster-name=blue", "--sync-host-nodes=true"}).hostSync();
    assertEquals("blue", sync.vclusterName());
    assertTrue(sync.syncHostNodes());
  }

  @Test
  void priorityClassSyncIsOffByDefaultAndAFlag() {
    assertFalse(ServerOptions.parse(new String[] {"--host-kubeconfig=/k", "--host-namespace=ns"}).hostSync()
        .syncPriorityClasses());
    assertTrue(ServerOptions.parse(new String[] {"--host-kubeconfig=/k", "--host-namespace=ns",
        "--sync-priority-classes=true"}).hostSync().syncPriorityClasses());
    IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(new String[] {"--sync-priority-classes=true"}));
    assertEquals("--sync-priority-classes needs --host-namespace", alone.getMessage());
  }

  @Test
  void halfGivenPairsAreRefused() {
    IllegalArgumentException noNamespace = assertThrows(IllegalArgumentException.class,
        () -> HostSyncOptions.of(Path.of("/k"), null, null, false, false));
    assertEquals("--host-kubeconfig needs --host-namespace", noNamespace.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HostSyncOptions.of(null, "ns", null, false, false));
  }

  @Test
  void namespaceAloneInAPodMeansInClusterConfig() {
    HostSyncOptions sync = HostSyncOptions.of(null, "ns", null, false, true);
    assertNull(sync.hostKubeconfig());
    assertEquals("ns", sync.hostNamespace());
  }

  @Test
  void aWildcardBindIsReachedOnLoopback() {
    assertEquals("127.0.0.1", VirtualCluster.loopbackHost("0.0.0.0"));
    assertEquals("10.0.0.5", VirtualCluster.loopbackHost("10.0.0.5"));
    assertEquals("[fd00::1]", VirtualCluster.loopbackHost("fd00::1"));
  }
}
