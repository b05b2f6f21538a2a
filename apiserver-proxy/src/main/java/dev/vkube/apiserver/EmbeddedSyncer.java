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
import java.util.logging.Level;
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
  private KubernetesClient virtual;
  private KubernetesClient host;

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
        LOG.info("syncer running hostNamespace=" + options.hostNamespace() + " vcluster=" + options.vclusterName());
        return;
      } catch (Exception | LinkageError e) {
        LOG.log(Level.WARNING, "syncer start failed, retrying hostNamespace=" + options.hostNamespace(), e);
        closeClients();
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private synchronized void startOnce() throws Exception {
    if (closed) {
      return;
    }
    virtual = Kubeconfigs.fromYaml(loopbackKubeconfig.get());
    host = options.hostKubeconfig() == null ? Kubeconfigs.inCluster() : Kubeconfigs.client(options.hostKubeconfig());
    SyncerOptions syncerOptions = SyncerOptions.of(null, options.hostKubeconfig(), options.hostNamespace(),
        options.vclusterName()).withSyncHostNodes(options.syncHostNodes());
    syncer = Syncer.start(syncerOptions, virtual, host, clock);
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
  public synchronized void close() {
    closed = true;
    starter.interrupt();
    if (syncer != null) {
      syncer.close();
      syncer = null;
    }
    closeClients();
  }

  private synchronized void closeClients() {
    if (virtual != null) {
      virtual.close();
      virtual = null;
    }
    if (host != null) {
      host.close();
      host = null;
    }
  }
}
