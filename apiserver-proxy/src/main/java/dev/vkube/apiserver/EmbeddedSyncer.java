package dev.vkube.apiserver;

import dev.vkube.syncer.HostLocator;
import dev.vkube.syncer.HostRef;
import dev.vkube.syncer.Kubeconfigs;
import dev.vkube.syncer.Syncer;
import dev.vkube.syncer.SyncerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The syncer inside the server (DESIGN: Main embeds it). It talks to its own server like any client,
 * over loopback HTTPS with the admin client certificate, and to the host with the host kubeconfig (or
 * in-cluster config). It starts on its own thread after the server is ready, retrying while the host
 * is unreachable, so a host outage never keeps the tenant's API from serving.
 */
final class EmbeddedSyncer implements HostLocator, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedSyncer.class.getName());
  static final Duration RETRY = Duration.ofSeconds(5);

  private final HostSyncOptions options;
  private final Supplier<String> loopbackKubeconfig;
  private final Clock clock;
  private final Thread starter;
  private volatile boolean closed;
  private volatile Syncer syncer;
  private volatile KubernetesClient virtual;
  private volatile KubernetesClient host;

  private EmbeddedSyncer(HostSyncOptions options, Supplier<String> loopbackKubeconfig, Clock clock) {
    this.options = options;
    this.loopbackKubeconfig = loopbackKubeconfig;
    this.clock = clock;
    this.starter = new Thread(this::startUntilRunning, "vkube-syncer-start");
    this.starter.setDaemon(true);
  }

  static EmbeddedSyncer start(HostSyncOptions options, Supplier<String> loopbackKubeconfig, Clock clock) {
    EmbeddedSyncer s = new EmbeddedSyncer(options, loopbackKubeconfig, clock);
    s.starter.start();
    return s;
  }

  private void startUntilRunning() {
    while (!closed) {
      try {
        startOnce();
        if (closed) {
          return;
        }
        LOG.info("syncer running hostNamespace=" + options.hostNamespace() + " vcluster=" + options.vclusterName());
        return;
      } catch (Exception | LinkageError e) {
        closeClients();
        if (closed) {
          return;
        }
        LOG.warning("syncer start failed, retrying in " + RETRY.toSeconds() + " s hostNamespace="
            + options.hostNamespace() + " error=" + e);
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * Not under a lock: Syncer.start waits for the informers' first lists, which may take as long as the
   * host is away; close() must not wait for it (closing the clients ends it).
   */
  private void startOnce() throws Exception {
    virtual = Kubeconfigs.fromYaml(loopbackKubeconfig.get());
    host = options.hostKubeconfig() == null ? Kubeconfigs.inCluster() : Kubeconfigs.client(options.hostKubeconfig());
    if (closed) {
      throw new IllegalStateException("closed");
    }
    SyncerOptions syncerOptions = SyncerOptions.of(null, options.hostKubeconfig(), options.hostNamespace(),
        options.vclusterName()).withSyncHostNodes(options.syncHostNodes())
        .withSyncPriorityClasses(options.syncPriorityClasses());
    Syncer started = Syncer.start(syncerOptions, virtual, host, clock);
    syncer = started;
    if (closed) {
      close();
    }
  }

  boolean running() {
    return syncer != null;
  }

  @Override
  public Optional<HostRef> locate(String virtualNamespace, String virtualName) {
    Syncer s = syncer;
    return s == null ? Optional.empty() : s.locate(virtualNamespace, virtualName);
  }

  @Override
  public void close() {
    closed = true;
    starter.interrupt();
    Syncer s = syncer;
    syncer = null;
    if (s != null) {
      s.close();
    }
    closeClients();
  }

  private void closeClients() {
    KubernetesClient v = virtual;
    KubernetesClient h = host;
    virtual = null;
    host = null;
    if (v != null) {
      v.close();
    }
    if (h != null) {
      h.close();
    }
  }
}
