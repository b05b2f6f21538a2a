package dev.vkube.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.TableConvertor;
import dev.vkube.apiserver.admission.Admission;
import dev.vkube.apiserver.admission.AdmissionChain;
import dev.vkube.apiserver.auth.authn.Authentication;
import dev.vkube.apiserver.auth.authz.Authorization;
import dev.vkube.apiserver.auth.authz.Authorizer;
import dev.vkube.apiserver.auth.authz.rbac.RbacBootstrap;
import dev.vkube.apiserver.codec.ProtoSchemaSource;
import dev.vkube.apiserver.codec.ProtobufDecoder;
import dev.vkube.apiserver.controllers.ControllerManager;
import dev.vkube.apiserver.controllers.CrdController;
import dev.vkube.apiserver.controllers.cluster.disruption.BudgetedEviction;
import dev.vkube.apiserver.controllers.cluster.service.ServiceClaimRepair;
import dev.vkube.apiserver.controllers.cluster.service.ServiceIpAllocation;
import dev.vkube.apiserver.http.ApiServer;
import dev.vkube.apiserver.http.ApiServices;
import dev.vkube.apiserver.http.HealthChecks;
import dev.vkube.apiserver.http.JdkTlsEngine;
import dev.vkube.apiserver.metrics.ApiMetrics;
import dev.vkube.apiserver.metrics.MeasuredStorage;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.Storage;
import dev.vkube.apiserver.openapi.OpenApiService;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.VirtualResources;
import dev.vkube.apiserver.registry.NamespaceCache;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.registry.core.PodBinding;
import dev.vkube.apiserver.storage.cache.CachedStorage;
import dev.vkube.apiserver.storage.etcd.Compactor;
import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import dev.vkube.apiserver.storage.etcd.LocalEtcd;
import dev.vkube.apiserver.proxy.HostApi;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.proxy.HostApiTarget;
import dev.vkube.apiserver.proxy.HostPodName;
import dev.vkube.apiserver.proxy.KubeletClientOptions;
import dev.vkube.apiserver.proxy.KubeletTarget;
import dev.vkube.apiserver.proxy.PodStreams;
import dev.vkube.apiserver.proxy.StreamTarget;
import dev.vkube.apiserver.proxy.UpstreamTls;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.certs.IssuedCertificate;
import dev.vkube.certs.KubeconfigSpec;
import dev.vkube.certs.LeafSpec;
import dev.vkube.certs.KubeconfigWriter;
import dev.vkube.certs.Pki;
import dev.vkube.certs.PkiDirectory;
import dev.vkube.certs.PkiOptions;
import dev.vkube.syncer.HostLocator;
import io.etcd.jetcd.Client;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Everything one tenant's control plane owns (DESIGN decision 10): PKI, etcd client (or the dev-mode
 * etcd child), storage and watch caches, registry and stores, controllers and the HTTPS server. Built
 * at start, closed as a whole; no process-wide state.
 */
public final class VirtualCluster implements AutoCloseable {
  static final String KUBELET_CLIENT_USER = "kube-apiserver-kubelet-client";
  static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final List<AutoCloseable> resources = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean ready;
  private volatile ServerContext context;
  private CompletableFuture<Void> initialNamespaces;
  private int port;
  private volatile HostLocator hostLocator = HostLocator.NONE;
  /** The dev-mode etcd child, if this cluster started one. */
  private volatile LocalEtcd localEtcd;

  private final BiFunction<VirtualCluster, ServerContext, StreamTarget> streamTargets;

  private VirtualCluster(BiFunction<VirtualCluster, ServerContext, StreamTarget> streamTargets) {
    this.streamTargets = streamTargets;
  }

  /**
   * A cluster whose pods' logs, exec, attach and port-forward are served by their nodes' kubelets, or,
   * with the embedded syncer (shared nodes), by their host pods through the host API.
   */
  public static VirtualCluster start(ServerOptions options) throws Exception {
    if (options.hostSync() != null) {
      HostApi host = options.hostSync().hostKubeconfig() != null
          ? HostApi.fromKubeconfig(options.hostSync().hostKubeconfig()) : HostApi.inCluster();
      return start(options, (cluster, context) -> new HostApiTarget(host, cluster::syncedHostPod));
    }
    return start(options, (cluster, context) -> kubeletTarget(context));
  }

  /**
   * Shared nodes: a cluster whose pods run as host pods (the syncer's), so their streams go to those
   * pods through the host API; {@code translate} maps a virtual namespace and name to the host pod's.
   */
  public static VirtualCluster startWithHostStreams(ServerOptions options, HostApi host,
      BiFunction<String, String, HostPodName> translate) throws Exception {
    return start(options, (cluster, context) -> new HostApiTarget(host, translate));
  }

  private static VirtualCluster start(ServerOptions options,
      BiFunction<VirtualCluster, ServerContext, StreamTarget> streamTargets) throws Exception {
    VirtualCluster cluster = new VirtualCluster(streamTargets);
    try {
      cluster.boot(options);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Boots the parts in parallel where they are independent (PKI, Vert.x, the protobuf type index, the
   * dev-mode etcd), because start-to-ready is a user-visible figure (target < 2 s).
   */
  private void boot(ServerOptions options) throws Exception {
    Clock clock = Clock.systemUTC();
    Files.createDirectories(options.dataDir());
    ExecutorService boot = Executors.newCachedThreadPool(daemon("vkube-boot"));
    try {
      CompletableFuture<Pki> pki = CompletableFuture.supplyAsync(() -> loadPki(options, clock), boot);
      CompletableFuture<Vertx> vertx = CompletableFuture.supplyAsync(Vertx::vertx, boot);
      boot.execute(JdkTlsEngine::loadTlsProviders);
      CompletableFuture<ProtobufDecoder> protobuf = new CompletableFuture<>();
      // Registered now, not when Vert.x is up: closing runs backwards, and the HTTP layer must close
      // after everything that was started later (a late registration closed it before the controllers).
      resources.add(() -> vertx.thenCompose(v -> v.close().toCompletionStage()).toCompletableFuture()
          .get(5, TimeUnit.SECONDS));
      ApiMetrics metrics = new ApiMetrics();
      CachedStorage storage = openStorage(options);
      ResourceRegistry registry = ResourceRegistry.builtin();
      // One load of the protobuf descriptors serves the request decoder and the OpenAPI documents.
      CompletableFuture<ProtoSchemaSource> protoSchemas = new CompletableFuture<>();
      OpenApiService openapi = OpenApiService.sharing(registry, protoSchemas::join);
      AtomicBoolean schemasReady = new AtomicBoolean();
      AdmissionChain admission = new AdmissionChain();
      Function<ResourceDefinition, GenericStore> storeOf = startRegistry(options, registry, storage,
          new MeasuredStorage(storage, metrics, options.etcdPrefix()), clock, admission);
      countStoredObjects(registry, storeOf, metrics);
      Informers informers = new Informers(registry, storeOf);
      resources.add(informers);
      ServerContext serverContext = new ServerContext(options, pki.join(), registry, informers, clock);
      VirtualResources virtualResources = new VirtualResources();
      Authentication authentication = Authentication.create(serverContext);
      resources.add(authentication);
      authentication.register(virtualResources);
      context = serverContext;
      Admission.configure(admission, serverContext);
      admission.add(Authorization.escalationCheck(serverContext));
      RbacBootstrap rbac = Authorization.start(serverContext);
      resources.add(rbac);
      resources.add(Admission.startControllers(serverContext));
      admission.add(ServiceIpAllocation.of(serverContext));
      resources.add(new ServiceClaimRepair(storage, options.etcdPrefix()).start(ServiceClaimRepair.INTERVAL));
      startCrdController(registry, storeOf, storage, openapi, clock);
      if (options.runControllers()) {
        resources.add(new ControllerManager(serverContext).start());
      }
      HealthChecks health = new HealthChecks().add("ping", () -> true).add("etcd", () -> true)
          .addReadinessOnly("informer-sync", () -> ready);
      if (options.hostSync() != null) {
        // Like a kube-apiserver post-start hook: not ready until the syncer first runs (pods created
        // before would stay Pending), then ok for good, so a later host outage leaves readiness alone.
        // Readiness only: a host that is away at start must not make liveness probes restart the tenant.
        health.addReadinessOnly("poststarthook/start-vkube-syncer",
            () -> hostLocator instanceof EmbeddedSyncer s && s.running());
      }
      Function<byte[], ObjectNode> decode = body -> protobuf.join().decode(body);
      Pki issued = pki.join();
      Authorizer authorizer = Authorization.chain(serverContext);
      BudgetedEviction evictions = new BudgetedEviction(serverContext);
      resources.add(evictions);
      Authorization.registerAccessReviews(virtualResources, serverContext, authorizer);
      ApiServices services = new ApiServices(registry, storeOf, health, new TableConvertor(clock), decode, metrics,
          openapi, schemasReady::get, authentication.authenticator(), authorizer,
          virtualResources, authentication.impersonation(), evictions, podStreams(serverContext, storeOf, registry),
          new PodBinding(storeOf.apply(registry.lookup("", "v1", "pods").orElseThrow()), clock));
      ApiServer server = new ApiServer(vertx.join(), services, new ApiServer.ServerTls(
          issued.server().certificatePem(), issued.server().privateKeyPem(), issued.ca().asIssued().certificatePem()));
      // Generous: on a crowded node (two cores, load 20) binding the instances took over 10 s.
      port = server.listen(options.bindAddress(), options.securePort()).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS).actualPort();
      resources.add(() -> server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
      writeAdminKubeconfig(options, issued);
      initialNamespaces.get(30, TimeUnit.SECONDS);
      rbac.reconciled().get(30, TimeUnit.SECONDS);
      ready = true;
      warmUpAfterReady(protoSchemas, protobuf, openapi, schemasReady);
      startSyncer(options, issued, clock);
    } finally {
      boot.shutdown();
    }
  }

  /** With {@code --host-kubeconfig}/{@code --host-namespace}: the syncer, as a client of this server. */
  private void startSyncer(ServerOptions options, Pki pki, Clock clock) {
    if (options.hostSync() == null) {
      return;
    }
    String kubeconfig = KubeconfigWriter.render(KubeconfigSpec.withClientCertificate("vkube",
        "https://" + loopbackHost(options.bindAddress()) + ":" + port, pki.ca().asIssued().certificatePem(),
        "kubernetes-admin", pki.admin().certificatePem(), pki.admin().privateKeyPem()));
    EmbeddedSyncer syncer = EmbeddedSyncer.start(options.hostSync(), () -> kubeconfig, clock);
    resources.add(syncer);
    hostLocator = syncer;
  }

  /** A wildcard bind is reached on loopback; a specific address only on itself. */
  static String loopbackHost(String bindAddress) {
    return switch (bindAddress) {
      case "0.0.0.0", "::", "", "127.0.0.1", "localhost" -> "127.0.0.1";
      default -> bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    };
  }

  /**
   * The protobuf type index and the OpenAPI documents take a second or two of CPU each: built after
   * /readyz says ok rather than before (start-to-ready is a user-visible figure), then the start-up
   * garbage is collected so the resident size settles (G1 returns freed heap after a full collection).
   * A protobuf request that arrives first waits for its decoder.
   */
  private static void warmUpAfterReady(CompletableFuture<ProtoSchemaSource> protoSchemas,
      CompletableFuture<ProtobufDecoder> protobuf, OpenApiService openapi, AtomicBoolean schemasReady) {
    Thread warmUp = new Thread(() -> {
      try {
        ProtoSchemaSource schemas = new ProtoSchemaSource();
        protoSchemas.complete(schemas);
        protobuf.complete(schemas.decoder());
        openapi.v3Index();
        schemasReady.set(true);
        System.gc();
      } catch (RuntimeException | Error e) {
        protoSchemas.completeExceptionally(e);
        protobuf.completeExceptionally(e);
      }
    }, "vkube-warm-up");
    warmUp.setDaemon(true);
    warmUp.setPriority(Thread.MIN_PRIORITY);
    warmUp.start();
  }

  /**
   * apiserver_storage_objects, refreshed every minute from the watch caches (kube-apiserver's storage
   * object count tracker also polls once a minute).
   */
  private void countStoredObjects(ResourceRegistry registry, Function<ResourceDefinition, GenericStore> storeOf,
      ApiMetrics metrics) {
    java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        daemon("vkube-object-count"));
    ListOptions any = new ListOptions("0", ListOptions.ResourceVersionMatch.UNSET, 0, null, ListOptions.EVERYTHING);
    timer.scheduleWithFixedDelay(() -> {
      for (ResourceDefinition def : registry.all()) {
        if (def.verbs().contains("list")) {
          storeOf.apply(def).list(null, any).thenAccept(page -> metrics.storageObjects(def.groupResource(),
              page.items().size()));
        }
      }
    }, 5, 60, TimeUnit.SECONDS);
    resources.add(timer::shutdownNow);
  }

  /** Custom resources: served versions get a watch cache and their schema in OpenAPI. */
  private void startCrdController(ResourceRegistry registry, Function<ResourceDefinition, GenericStore> storeOf,
      CachedStorage storage, OpenApiService openapi, Clock clock) {
    GenericStore crds = storeOf.apply(registry.lookup("apiextensions.k8s.io", "v1", "customresourcedefinitions")
        .orElseThrow());
    CrdController controller = new CrdController(crds, registry, storeOf, new CrdController.Listener() {
      @Override
      public void served(ObjectNode crd, List<ResourceDefinition> definitions) {
        for (ResourceDefinition def : definitions) {
          storage.start(storeOf.apply(def).prefix(null));
          for (var version : crd.path("spec").path("versions")) {
            if (version.path("name").asText().equals(def.version())) {
              openapi.registerSchema(def.group(), def.version(), def.kind(),
                  version.path("schema").path("openAPIV3Schema"));
            }
          }
        }
        openapi.invalidate();
      }

      @Override
      public void unserved(List<ResourceDefinition> definitions) {
        definitions.forEach(d -> openapi.unregisterSchema(d.group(), d.version(), d.kind()));
        openapi.invalidate();
      }
    }, clock);
    controller.start();
    resources.add(controller);
  }

  /** Pods are read from the store (a consistent read, 404 as for GET), streams located by the target. */
  private PodStreams podStreams(ServerContext context, Function<ResourceDefinition, GenericStore> storeOf,
      ResourceRegistry registry) {
    GenericStore pods = storeOf.apply(registry.lookup("", "v1", "pods").orElseThrow());
    return new PodStreams((namespace, name) -> pods.get(namespace, name).thenApply(StoredObject::object),
        streamTargets.apply(this, context));
  }

  /** The host pod the syncer made for a virtual pod; 404 until the syncer has created it. */
  private HostPodName syncedHostPod(String namespace, String name) {
    return hostLocator.locate(namespace, name).map(ref -> new HostPodName(ref.namespace(), ref.name()))
        .orElseThrow(() -> ApiException.notFound("", "pods", name));
  }

  /**
   * The kubelet of the pod's node, reached with a client certificate from the cluster CA issued at
   * start (kubeadm's apiserver-kubelet-client; the kubelet authorizes system:masters fully).
   */
  private static StreamTarget kubeletTarget(ServerContext context) {
    Pki pki = context.pki();
    IssuedCertificate client = pki.ca().issue(LeafSpec.client(KUBELET_CLIENT_USER, List.of("system:masters")));
    KubeletClientOptions options = context.options().kubelet();
    String ca = options.certificateAuthority() == null ? pki.ca().asIssued().certificatePem()
        : readString(options.certificateAuthority());
    GenericStore nodes = context.informers().store("", "v1", "nodes");
    return new KubeletTarget(name -> nodes.get(null, name).thenApply(StoredObject::object), new UpstreamTls(ca,
        options.insecureSkipTlsVerify(), client.certificatePem(), client.privateKeyPem(), null));
  }

  private static String readString(java.nio.file.Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read --kubelet-certificate-authority " + file, e);
    }
  }

  private static Pki loadPki(ServerOptions options, Clock clock) {
    return PkiDirectory.loadOrCreate(options.certDir(), PkiOptions.defaults().withExtraSans(
        options.tlsSans().stream().filter(s -> !isIp(s)).toList(),
        options.tlsSans().stream().filter(VirtualCluster::isIp).toList()), clock);
  }

  private CachedStorage openStorage(ServerOptions options) throws Exception {
    List<String> endpoints = options.etcdServers();
    if (options.devMode()) {
      LocalEtcd etcd = LocalEtcd.start(options.dataDir().resolve("etcd"));
      resources.add(etcd);
      localEtcd = etcd;
      endpoints = List.of(etcd.endpoint());
    }
    Client client = EtcdStorage.clientBuilder(endpoints.toArray(String[]::new)).build();
    resources.add(client);
    CachedStorage storage = new CachedStorage(new EtcdStorage(client), client);
    resources.add(storage);
    resources.add(new Compactor(client).start());
    return storage;
  }

  /** Stores per resource, the namespace cache and the initial namespaces. */
  private Function<ResourceDefinition, GenericStore> startRegistry(ServerOptions options, ResourceRegistry registry,
      CachedStorage storage, Storage measured, Clock clock, AdmissionChain admission) {
    Map<ResourceDefinition, GenericStore> stores = new ConcurrentHashMap<>();
    NamespaceCache[] namespaces = new NamespaceCache[1];
    Random random = new Random();
    Function<ResourceDefinition, GenericStore> storeOf = def -> stores.computeIfAbsent(def,
        d -> new GenericStore(d, measured, options.etcdPrefix(), clock, random, ns -> namespaces[0].find(ns),
            admission));
    // One watch cache per resource, started now so that narrower (per-namespace) reads share it.
    registry.all().forEach(def -> storage.start(storeOf.apply(def).prefix(null)));
    GenericStore namespaceStore = storeOf.apply(registry.lookup("", "v1", "namespaces").orElseThrow());
    namespaces[0] = new NamespaceCache(namespaceStore);
    namespaces[0].start();
    resources.add(namespaces[0]);
    initialNamespaces = createInitialNamespaces(namespaceStore);
    return storeOf;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Creates default, kube-system, kube-public and kube-node-lease (AlreadyExists is fine), in parallel. */
  private static CompletableFuture<Void> createInitialNamespaces(GenericStore namespaces) {
    List<CompletableFuture<Object>> creates = new ArrayList<>();
    for (String name : INITIAL_NAMESPACES) {
      ObjectNode ns = dev.vkube.apiserver.storage.Json.MAPPER.createObjectNode();
      ns.put("apiVersion", "v1").put("kind", "Namespace").putObject("metadata").put("name", name);
      creates.add(namespaces.create(null, ns, WriteContext.SERVER).handle((created, e) -> null)
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new));
  }

  private void writeAdminKubeconfig(ServerOptions options, Pki pki) {
    String server = "https://127.0.0.1:" + port;
    KubeconfigWriter.write(options.dataDir().resolve("admin.kubeconfig"), KubeconfigSpec.withClientCertificate(
        "vkube", server, pki.ca().asIssued().certificatePem(), "kubernetes-admin", pki.admin().certificatePem(),
        pki.admin().privateKeyPem()));
  }

  private static boolean isIp(String san) {
    return san.matches("[0-9.]+") || san.contains(":");
  }

  public int port() {
    return port;
  }

  /** The options, PKI, registry, informers and clock of this cluster (what controllers are built from). */
  public ServerContext context() {
    return context;
  }

  /**
   * Virtual pod to host pod, for the pods/log|exec|attach|portforward proxy; {@link HostLocator#NONE}
   * without a syncer, and empty answers until the syncer runs.
   */
  public HostLocator hostLocator() {
    return hostLocator;
  }

  public boolean ready() {
    return ready;
  }

  /**
   * Closes this cluster when the JVM shuts down (SIGTERM), in order: parts that still talk to etcd
   * (the leader lease is released, watches end) before a dev-mode etcd child is stopped.
   */
  public void closeOnJvmShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "vkube-shutdown"));
    LocalEtcd etcd = localEtcd;
    if (etcd != null) {
      etcd.closedByOwnerOnShutdown();
    }
  }

  @Override
  public void close() {
    ready = false;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // keep closing the rest: a stuck part must not keep etcd running
      }
    }
    resources.clear();
  }
}
