package dev.vkube.syncer;

import dev.vkube.controller.Controller;
import dev.vkube.syncer.names.NameTranslator;
import dev.vkube.syncer.policy.IsolationPolicy;
import dev.vkube.syncer.sync.DownwardSyncReconciler;
import dev.vkube.syncer.sync.ObjectKey;
import dev.vkube.syncer.names.Markers;
import dev.vkube.syncer.sync.PodNetworkSource;
import dev.vkube.syncer.sync.PodSyncReconciler;
import dev.vkube.syncer.sync.PriorityClassSyncReconciler;
import dev.vkube.syncer.translate.PriorityClassTranslator;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import dev.vkube.syncer.sync.RefusalRecorder;
import dev.vkube.syncer.sync.Side;
import dev.vkube.syncer.sync.TokenMinter;
import dev.vkube.syncer.translate.ConfigMapTranslator;
import dev.vkube.syncer.translate.EndpointsTranslator;
import dev.vkube.syncer.translate.IngressTranslator;
import dev.vkube.syncer.translate.NetworkPolicyTranslator;
import dev.vkube.syncer.translate.PersistentVolumeClaimTranslator;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import dev.vkube.syncer.translate.PodReferences;
import dev.vkube.syncer.translate.PodTranslator;
import dev.vkube.syncer.translate.SecretTranslator;
import dev.vkube.syncer.translate.ServiceTranslator;
import dev.vkube.syncer.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import dev.vkube.syncer.events.EventSyncReconciler;
import dev.vkube.syncer.nodes.NodeSyncReconciler;
import io.fabric8.kubernetes.api.model.Event;
import java.util.Map;
import dev.vkube.syncer.nodes.VirtualBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The syncer of one virtual cluster: informers on both sides feed one controller per kind, each
 * keyed by the virtual object. Starting lists both sides and queues every key, so host copies whose
 * originals are gone are deleted and missing ones created (the full reconcile); the controllers'
 * resync repeats it periodically.
 */
public final class Syncer implements AutoCloseable, HostLocator {
  static final java.time.Duration RESYNC = java.time.Duration.ofSeconds(60);
  static final int WORKERS = 2;
  static final String CONFIG_MAP_USERS = "configMapUsers";
  static final String SECRET_USERS = "secretUsers";
  /**
   * Pod workers: a pod's reconcile waits on four API round trips one after another (token, host
   * create, virtual status, binding), so two workers held 1,000 new pods back for minutes; like
   * kube-controller-manager's 16 ReplicaSet workers, more threads mostly wait.
   */
  static final int POD_WORKERS = 16;

  private final KubernetesClient virtual;
  private final KubernetesClient host;
  private final boolean ownsClients;
  private final SyncerWiring wiring;
  private final NameTranslator names;
  private final String hostNamespace;

  private Syncer(KubernetesClient virtual, KubernetesClient host, boolean ownsClients, SyncerWiring wiring,
      SyncerOptions options) {
    this.virtual = virtual;
    this.host = host;
    this.ownsClients = ownsClients;
    this.wiring = wiring;
    this.names = new NameTranslator(options.vclusterName());
    this.hostNamespace = options.hostNamespace();
  }

  /** Starts with clients built from the options' kubeconfigs; {@link #close} closes them. */
  public static Syncer start(SyncerOptions options, Clock clock) throws IOException {
    KubernetesClient virtual = client(options.virtualKubeconfig());
    KubernetesClient host = client(options.hostKubeconfig());
    return new Syncer(virtual, host, true, SyncerWiring.start(options, virtual, host, clock), options);
  }

  /** Starts over given clients (the embedding server's loopback client, say); they stay open on close. */
  public static Syncer start(SyncerOptions options, KubernetesClient virtual, KubernetesClient host, Clock clock) {
    return new Syncer(virtual, host, false, SyncerWiring.start(options, virtual, host, clock), options);
  }

  /** The host copy of the namespaced virtual object (whether or not it exists yet). */
  @Override
  public java.util.Optional<HostRef> locate(String virtualNamespace, String virtualName) {
    return java.util.Optional.of(new HostRef(hostNamespace, names.hostName(virtualNamespace, virtualName)));
  }

  /** The host cluster's client (the server's pods/log|exec proxy talks to the host through it). */
  public KubernetesClient hostClient() {
    return host;
  }

  static KubernetesClient client(Path kubeconfig) throws IOException {
    return Kubeconfigs.client(kubeconfig);
  }

  @Override
  public void close() {
    wiring.close();
    if (ownsClients) {
      virtual.close();
      host.close();
    }
  }

  /** The controllers and informers; built and started in dependency order, closed in reverse. */
  static final class SyncerWiring implements AutoCloseable {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Runnable> afterStart = new ArrayList<>();

    static SyncerWiring start(SyncerOptions options, KubernetesClient virtual, KubernetesClient host, Clock clock) {
      SyncerWiring w = new SyncerWiring();
      try {
        w.build(options, virtual, host, clock);
        return w;
      } catch (RuntimeException e) {
        w.close();
        throw e;
      }
    }

    private void build(SyncerOptions options, KubernetesClient virtual, KubernetesClient host, Clock clock) {
      NameTranslator names = new NameTranslator(options.vclusterName());
      String ns = options.hostNamespace();
      TranslationContext ctx = new TranslationContext(names, ns, options.hostServiceAccount(),
          options.pinnedNodeName());
      Informers inf = new Informers(virtual, host, ns, options.vclusterName(), closeables);

      Side<Pod> vPods = inf.virtual(virtual.pods());
      Side<Pod> hPods = inf.host(host.pods());
      Side<ConfigMap> vCms = inf.virtual(virtual.configMaps());
      Side<ConfigMap> hCms = inf.host(host.configMaps());
      Side<Secret> vSecrets = inf.virtual(virtual.secrets());
      Side<Secret> hSecrets = inf.host(host.secrets());
      Side<Service> vServices = inf.virtual(virtual.services());
      Side<Service> hServices = inf.host(host.services());
      SharedIndexInformer<Service> apiService = inf.cluster(host.services().inNamespace(ns)
          .withName(options.tenantApiService()).runnableInformer(0));
      PodNetworkSource network = new PodNetworkSource(vServices, hServices, names, ns,
          () -> apiService.getStore().list().stream().findFirst().orElse(null), clock);

      SharedIndexInformer<Node> vNodes = inf.cluster(virtual.nodes().runnableInformer(0));
      SharedIndexInformer<Node> hNodes = options.syncHostNodes() ? inf.cluster(host.nodes().runnableInformer(0)) : null;
      indexReferences(vPods.informer());
      NodeSyncReconciler.indexByNode(vPods.informer());
      NodeSyncReconciler.indexByNode(hPods.informer());
      NodeSyncReconciler nodeSync = new NodeSyncReconciler(virtual, vNodes, hNodes, vPods, hPods, clock);
      Controller<String> nodes = new Controller<>("syncer-nodes", nodeSync, 1, RESYNC,
          () -> nodeKeys(vNodes, vPods, hPods), clock);
      closeables.add(0, nodes);
      Controller<ObjectKey> pods = controller("syncer-pods", POD_WORKERS, new PodSyncReconciler(vPods, hPods, ctx,
          new PodTranslator(new IsolationPolicy(), options.syncPriorityClasses()), new TokenMinter(virtual),
          new RefusalRecorder(virtual, clock), new VirtualBinding(virtual, vNodes, nodes::enqueue), network),
          vPods, hPods, clock);
      ConfigMapTranslator cmt = new ConfigMapTranslator();
      Controller<ObjectKey> configMaps = controller("syncer-configmaps", new DownwardSyncReconciler<>("ConfigMap",
          vCms, hCms, ns, names, new DownwardSyncReconciler.Kind<ConfigMap>(c -> cmt.toHost(c, ctx), cmt::differs,
              Syncer::replace), key -> used(vPods, CONFIG_MAP_USERS, key), (v, h) -> { }),
          vCms, hCms, clock);
      SecretTranslator st = new SecretTranslator();
      Side<Ingress> vIngresses = inf.virtual(virtual.network().v1().ingresses());
      Side<Ingress> hIngresses = inf.host(host.network().v1().ingresses());
      Controller<ObjectKey> secrets = controller("syncer-secrets", new DownwardSyncReconciler<>("Secret",
          vSecrets, hSecrets, ns, names, new DownwardSyncReconciler.Kind<Secret>(s -> st.toHost(s, ctx), st::differs,
              Syncer::replace), key -> used(vPods, SECRET_USERS, key)
              || used(vIngresses, key, IngressTranslator::secrets), (v, h) -> { }),
          vSecrets, hSecrets, clock);
      ServiceTranslator svt = new ServiceTranslator();
      Controller<ObjectKey> services = controller("syncer-services", new DownwardSyncReconciler<>("Service",
          vServices, hServices, ns, names, new DownwardSyncReconciler.Kind<Service>(s -> svt.toHost(s, ctx),
              svt::differs, svt::merge), key -> !isTenantApi(key), new ServiceStatusUp(virtual, svt)),
          vServices, hServices, clock);

      SharedIndexInformer<Event> hEvents = inf.cluster(host.v1().events().inNamespace(ns).runnableInformer(0));
      Controller<String> events = new Controller<>("syncer-events", new EventSyncReconciler(virtual, hEvents, ns,
          Map.of("Pod", new EventSyncReconciler.Kind(hPods, vPods),
              "Service", new EventSyncReconciler.Kind(hServices, vServices),
              "ConfigMap", new EventSyncReconciler.Kind(hCms, vCms),
              "Secret", new EventSyncReconciler.Kind(hSecrets, vSecrets))), WORKERS, RESYNC,
          () -> hEvents.getStore().list().stream().map(e -> e.getMetadata().getName()).toList(), clock);
      closeables.add(0, events);
      hEvents.addEventHandler(Informers.handler(e -> events.enqueue(e.getMetadata().getName())));
      List<Controller<ObjectKey>> more = moreKinds(inf, virtual, host, ctx, vServices, vIngresses, hIngresses,
          secrets, clock);
      Controller<String> priorityClasses = options.syncPriorityClasses()
          ? priorityClasses(inf, virtual, host, ctx, clock) : null;
      inf.onVirtual(vPods, p -> pods.enqueue(ObjectKey.of(p)));
      vPods.informer().addEventHandler(new UsersChanged<>(p -> {
        PodReferences.configMaps(p).forEach(n -> configMaps.enqueue(new ObjectKey(p.getMetadata().getNamespace(), n)));
        PodReferences.secrets(p).forEach(n -> secrets.enqueue(new ObjectKey(p.getMetadata().getNamespace(), n)));
      }, p -> List.of(PodReferences.configMaps(p), PodReferences.secrets(p))));
      inf.onHost(hPods, pods::enqueue);
      inf.onVirtual(vPods, p -> enqueueNode(nodes, p));
      hPods.informer().addEventHandler(Informers.handler(p -> enqueueNode(nodes, p)));
      vNodes.addEventHandler(Informers.handler(n -> nodes.enqueue(n.getMetadata().getName())));
      if (hNodes != null) {
        hNodes.addEventHandler(Informers.handler(n -> nodes.enqueue(n.getMetadata().getName())));
      }
      inf.onVirtual(vCms, c -> configMaps.enqueue(ObjectKey.of(c)));
      inf.onHost(hCms, configMaps::enqueue);
      inf.onVirtual(vSecrets, s -> secrets.enqueue(ObjectKey.of(s)));
      inf.onHost(hSecrets, secrets::enqueue);
      inf.onVirtual(vServices, s -> services.enqueue(ObjectKey.of(s)));
      inf.onHost(hServices, services::enqueue);
      inf.startAll();
      afterStart.forEach(Runnable::run);
      // The full reconcile: every key on either side, before any event.
      fullReconcile(pods, vPods, hPods);
      fullReconcile(configMaps, vCms, hCms);
      fullReconcile(secrets, vSecrets, hSecrets);
      fullReconcile(services, vServices, hServices);
      nodeKeys(vNodes, vPods, hPods).forEach(nodes::enqueue);
      for (Controller<ObjectKey> c : List.of(pods, configMaps, secrets, services)) {
        c.start();
      }
      more.forEach(Controller::start);
      if (priorityClasses != null) {
        priorityClasses.start();
      }
      nodes.start();
      hEvents.getStore().list().forEach(e -> events.enqueue(e.getMetadata().getName()));
      events.start();
    }

    private <T extends HasMetadata> Controller<ObjectKey> controller(String name,
        dev.vkube.controller.Reconciler<ObjectKey> reconciler, Side<T> virtualSide, Side<T> hostSide, Clock clock) {
      return controller(name, WORKERS, reconciler, virtualSide, hostSide, clock);
    }

    private <T extends HasMetadata> Controller<ObjectKey> controller(String name, int workers,
        dev.vkube.controller.Reconciler<ObjectKey> reconciler, Side<T> virtualSide, Side<T> hostSide, Clock clock) {
      Controller<ObjectKey> c = new Controller<>(name, reconciler, workers, RESYNC,
          () -> Informers.allKeys(virtualSide, hostSide), clock);
      closeables.add(0, c);
      return c;
    }

    /**
     * Endpoints of selector-less Services, PersistentVolumeClaims (status and volume up), Ingresses
     * (status up; their TLS Secrets synced) and NetworkPolicies: down-synced like config maps, each
     * fully reconciled at start.
     */
    private List<Controller<ObjectKey>> moreKinds(Informers inf, KubernetesClient virtual, KubernetesClient host,
        TranslationContext ctx, Side<Service> vServices, Side<Ingress> vIngresses, Side<Ingress> hIngresses,
        Controller<ObjectKey> secrets, Clock clock) {
      String ns = ctx.hostNamespace();
      NameTranslator names = ctx.names();
      Side<Endpoints> vEndpoints = inf.virtual(virtual.endpoints());
      Side<Endpoints> hEndpoints = inf.host(host.endpoints());
      Side<PersistentVolumeClaim> vClaims = inf.virtual(virtual.persistentVolumeClaims());
      Side<PersistentVolumeClaim> hClaims = inf.host(host.persistentVolumeClaims());
      Side<NetworkPolicy> vPolicies = inf.virtual(virtual.network().v1().networkPolicies());
      Side<NetworkPolicy> hPolicies = inf.host(host.network().v1().networkPolicies());
      EndpointsTranslator et = new EndpointsTranslator();
      Controller<ObjectKey> endpoints = controller("syncer-endpoints", new DownwardSyncReconciler<>("Endpoints",
          vEndpoints, hEndpoints, ns, names, new DownwardSyncReconciler.Kind<Endpoints>(e -> et.toHost(e, ctx),
              et::differs, Syncer::replace), key -> !isTenantApi(key) && selectorless(vServices, key),
              (v, h) -> { }),
          vEndpoints, hEndpoints, clock);
      PersistentVolumeClaimTranslator pt = new PersistentVolumeClaimTranslator();
      Controller<ObjectKey> claims = controller("syncer-pvcs", new DownwardSyncReconciler<>("PersistentVolumeClaim",
          vClaims, hClaims, ns, names, new DownwardSyncReconciler.Kind<PersistentVolumeClaim>(c -> pt.toHost(c, ctx),
              pt::differs, pt::merge), key -> true, new PersistentVolumeClaimStatusUp(virtual)), vClaims, hClaims, clock);
      IngressTranslator it = new IngressTranslator();
      Controller<ObjectKey> ingresses = controller("syncer-ingresses", new DownwardSyncReconciler<>("Ingress",
          vIngresses, hIngresses, ns, names, new DownwardSyncReconciler.Kind<Ingress>(i -> it.toHost(i, ctx),
              it::differs, it::merge), key -> true, new IngressStatusUp(virtual)), vIngresses, hIngresses, clock);
      NetworkPolicyTranslator nt = new NetworkPolicyTranslator();
      Controller<ObjectKey> policies = controller("syncer-networkpolicies", new DownwardSyncReconciler<>(
          "NetworkPolicy", vPolicies, hPolicies, ns, names, new DownwardSyncReconciler.Kind<NetworkPolicy>(
              p -> nt.toHost(p, ctx), nt::differs, Syncer::replace), key -> true, (v, h) -> { }),
          vPolicies, hPolicies, clock);
      inf.onVirtual(vEndpoints, e -> endpoints.enqueue(ObjectKey.of(e)));
      inf.onHost(hEndpoints, endpoints::enqueue);
      inf.onVirtual(vServices, s -> endpoints.enqueue(ObjectKey.of(s)));
      Controller<String> volumes = virtualVolumes(inf, virtual, vClaims, clock);
      inf.onVirtual(vClaims, c -> {
        claims.enqueue(ObjectKey.of(c));
        if (c.getSpec() != null && c.getSpec().getVolumeName() != null) {
          volumes.enqueue(c.getSpec().getVolumeName());
        }
      });
      inf.onHost(hClaims, claims::enqueue);
      inf.onVirtual(vIngresses, i -> {
        ingresses.enqueue(ObjectKey.of(i));
        IngressTranslator.secrets(i).forEach(n -> secrets.enqueue(new ObjectKey(i.getMetadata().getNamespace(), n)));
      });
      inf.onHost(hIngresses, ingresses::enqueue);
      inf.onVirtual(vPolicies, p -> policies.enqueue(ObjectKey.of(p)));
      inf.onHost(hPolicies, policies::enqueue);
      afterStart.add(() -> {
        fullReconcile(endpoints, vEndpoints, hEndpoints);
        fullReconcile(claims, vClaims, hClaims);
        fullReconcile(ingresses, vIngresses, hIngresses);
        fullReconcile(policies, vPolicies, hPolicies);
      });
      return List.of(endpoints, claims, ingresses, policies);
    }

    /**
     * Tenant PriorityClasses to cluster-scoped host copies (only with {@code --sync-priority-classes}):
     * host classes are watched by our marker and host namespace labels.
     */
    private Controller<String> priorityClasses(Informers inf, KubernetesClient virtual, KubernetesClient host,
        TranslationContext ctx, Clock clock) {
      SharedIndexInformer<PriorityClass> vClasses = inf.cluster(virtual.scheduling().v1().priorityClasses()
          .runnableInformer(0));
      SharedIndexInformer<PriorityClass> hClasses = inf.cluster(host.scheduling().v1().priorityClasses()
          .withLabel(Markers.MANAGED_BY_LABEL, ctx.names().vclusterName())
          .withLabel(Markers.NAMESPACE_LABEL, ctx.hostNamespace()).runnableInformer(0));
      PriorityClassSyncReconciler reconciler = new PriorityClassSyncReconciler(vClasses, hClasses, host, ctx);
      Controller<String> c = new Controller<>("syncer-priorityclasses", reconciler, 1, RESYNC, reconciler::keys,
          clock);
      closeables.add(0, c);
      vClasses.addEventHandler(Informers.handler(p -> c.enqueue(p.getMetadata().getName())));
      hClasses.addEventHandler(Informers.handler(p -> {
        String name = PriorityClassTranslator.virtualName(p, ctx);
        if (name != null) {
          c.enqueue(name);
        }
      }));
      afterStart.add(() -> reconciler.keys().forEach(c::enqueue));
      return c;
    }

    /** Virtual volumes made for bound claims, deleted with their claims; started after the full reconcile. */
    private Controller<String> virtualVolumes(Informers inf, KubernetesClient virtual,
        Side<PersistentVolumeClaim> vClaims, Clock clock) {
      SharedIndexInformer<PersistentVolume> vVolumes = inf.cluster(virtual.persistentVolumes()
          .withLabel(VirtualVolumeReconciler.LABEL, "true").runnableInformer(0));
      VirtualVolumeReconciler reconciler = new VirtualVolumeReconciler(vVolumes, vClaims, virtual);
      Controller<String> c = new Controller<>("syncer-virtual-volumes", reconciler, 1, RESYNC, reconciler::keys,
          clock);
      closeables.add(0, c);
      vVolumes.addEventHandler(Informers.handler(p -> c.enqueue(p.getMetadata().getName())));
      afterStart.add(() -> {
        reconciler.keys().forEach(c::enqueue);
        c.start();
      });
      return c;
    }

    /**
     * The tenant API's own Service and Endpoints (default/kubernetes) are not synced: on the host the
     * Service in front of the tenant API stands for them (vCluster's specialservices and
     * k8sdefaultendpoint controllers; a host copy would only take a host cluster IP that no pod uses).
     */
    private static boolean isTenantApi(ObjectKey key) {
      return "default".equals(key.namespace()) && "kubernetes".equals(key.name());
    }

    /**
     * Queues what an object uses when it may start or stop using it: added, deleted, references or
     * deletion mark changed. Every status change of a pod queued its config maps and secrets, whose
     * check for users reads the pods' reference index (O(users): every pod of a namespace uses
     * kube-root-ca.crt), several times per pod (sync-bench profile, issue 6).
     */
    static final class UsersChanged<T extends HasMetadata> implements ResourceEventHandler<T> {
      private final java.util.function.Consumer<T> enqueueUsed;
      private final Function<T, Object> references;

      UsersChanged(java.util.function.Consumer<T> enqueueUsed, Function<T, Object> references) {
        this.enqueueUsed = enqueueUsed;
        this.references = references;
      }

      @Override
      public void onAdd(T obj) {
        enqueueUsed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (!references.apply(oldObj).equals(references.apply(newObj))
            || (oldObj.getMetadata().getDeletionTimestamp() == null)
            != (newObj.getMetadata().getDeletionTimestamp() == null)) {
          enqueueUsed.accept(oldObj);
          enqueueUsed.accept(newObj);
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        enqueueUsed.accept(obj);
      }
    }

    private static boolean selectorless(Side<Service> services, ObjectKey key) {
      Service s = services.get(key.namespace(), key.name());
      return s != null && s.getSpec() != null && (s.getSpec().getSelector() == null
          || s.getSpec().getSelector().isEmpty());
    }

    private static void enqueueNode(Controller<String> nodes, Pod pod) {
      String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      if (node != null && !node.isEmpty()) {
        nodes.enqueue(node);
      }
    }

    /** Every node a virtual node may be needed or left over for: ours in the virtual cluster, and pods' nodes. */
    private static Set<String> nodeKeys(SharedIndexInformer<Node> vNodes, Side<Pod> vPods, Side<Pod> hPods) {
      Set<String> keys = new java.util.LinkedHashSet<>();
      vNodes.getStore().list().forEach(n -> keys.add(n.getMetadata().getName()));
      for (Side<Pod> side : List.of(vPods, hPods)) {
        side.list().stream().map(p -> p.getSpec().getNodeName()).filter(n -> n != null && !n.isEmpty())
            .forEach(keys::add);
      }
      return keys;
    }

    private static <T extends HasMetadata> void fullReconcile(Controller<ObjectKey> c, Side<T> v, Side<T> h) {
      Informers.allKeys(v, h).forEach(c::enqueue);
    }

    /** Whether a pod not being deleted uses the object, through the pods' index of their references. */
    private static boolean used(Side<Pod> pods, String index, ObjectKey key) {
      return pods.informer().getIndexer().byIndex(index, key.namespace() + "/" + key.name()).stream()
          .anyMatch(p -> p.getMetadata().getDeletionTimestamp() == null);
    }

    /**
     * Indexes pods by the config maps and secrets they use (namespace/name): each pod event queues
     * the objects it uses, and finding their users by scanning the namespace's pods made every pod
     * event cost O(pods) (sync-bench profile, issue 6).
     */
    private static void indexReferences(SharedIndexInformer<Pod> pods) {
      pods.addIndexers(Map.of(
          CONFIG_MAP_USERS, p -> PodReferences.configMaps(p).stream().map(n -> p.getMetadata().getNamespace() + "/" + n)
              .toList(),
          SECRET_USERS, p -> PodReferences.secrets(p).stream().map(n -> p.getMetadata().getNamespace() + "/" + n)
              .toList()));
    }

    private static <T extends HasMetadata> boolean used(Side<T> users, ObjectKey key,
        Function<T, Set<String>> references) {
      return users.inNamespace(key.namespace()).stream()
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
          .anyMatch(p -> references.apply(p).contains(key.name()));
    }

    @Override
    public void close() {
      for (AutoCloseable c : closeables) {
        try {
          c.close();
        } catch (Exception e) {
          java.util.logging.Logger.getLogger(Syncer.class.getName()).fine("close failed: " + e);
        }
      }
    }
  }

  /** A whole-object replacement keeps the host copy's resourceVersion (optimistic concurrency). */
  static <T extends HasMetadata> T replace(T desired, T actual) {
    desired.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
    return desired;
  }
}
