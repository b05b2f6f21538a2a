package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.StorageErrors;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The legacy token half of kube-controller-manager's tokens controller
 * (pkg/controller/serviceaccount/tokens_controller.go): a Secret of type
 * `kubernetes.io/service-account-token` naming a service account gets `token` (a legacy JWT),
 * `ca.crt` and `namespace`, and the service account's uid annotation; a token Secret whose service
 * account is gone (or has another uid) is deleted. Level-based: every change and a periodic resync
 * queue the Secret's key, and a reconcile writes only what is missing.
 */
public final class TokenSecretController implements AutoCloseable {
  public static final String SECRET_TYPE = "kubernetes.io/service-account-token";
  public static final String NAME_ANNOTATION = "kubernetes.io/service-account.name";
  public static final String UID_ANNOTATION = "kubernetes.io/service-account.uid";
  private static final Logger LOG = Logger.getLogger(TokenSecretController.class.getName());
  private static final WriteContext WRITER = WriteContext.controller("tokens-controller");
  private static final long RETRY_MILLIS = 1000;
  private static final long RESYNC_MILLIS = TimeUnit.MINUTES.toMillis(5);
  private static final long WRITE_TIMEOUT_SECONDS = 10;
  private final ObjectCache secrets;
  private final ObjectCache serviceAccounts;
  private final JwtSigner signer;
  private final byte[] caPem;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tokens-controller");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  public TokenSecretController(ObjectCache secrets, ObjectCache serviceAccounts, JwtSigner signer, String caPem) {
    this.secrets = secrets;
    this.serviceAccounts = serviceAccounts;
    this.signer = signer;
    this.caPem = caPem.getBytes(StandardCharsets.UTF_8);
  }

  public TokenSecretController start() {
    secrets.addListener((type, secret) -> {
      if (type != WatchEvent.Type.DELETED && isTokenSecret(secret)) {
        enqueue(Meta.namespace(secret) + "/" + Meta.name(secret), 0);
      }
    });
    serviceAccounts.addListener((type, sa) -> enqueueTokensOf(Meta.namespace(sa), Meta.name(sa)));
    worker.scheduleWithFixedDelay(this::resync, 0, RESYNC_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  private void resync() {
    secrets.list(null).stream().filter(TokenSecretController::isTokenSecret)
        .forEach(s -> enqueue(Meta.namespace(s) + "/" + Meta.name(s), 0));
  }

  private void enqueueTokensOf(String namespace, String saName) {
    secrets.list(namespace).stream()
        .filter(s -> isTokenSecret(s) && saName.equals(SecretData.annotation(s, NAME_ANNOTATION)))
        .forEach(s -> enqueue(namespace + "/" + Meta.name(s), 0));
  }

  private void enqueue(String key, long delayMillis) {
    if (closed || !queued.add(key)) {
      return;
    }
    try {
      worker.schedule(() -> run(key), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      queued.remove(key);
    }
  }

  private void run(String key) {
    queued.remove(key);
    String[] nsName = key.split("/", 2);
    try {
      reconcile(nsName[0], nsName[1]);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "token secret reconcile failed, will retry key=" + key, e);
      enqueue(key, RETRY_MILLIS);
    }
  }

  /** syncSecret: delete the token of a missing service account, else fill in what the Secret lacks. */
  void reconcile(String namespace, String name) {
    ObjectNode secret = secrets.get(namespace, name);
    String saName = secret == null ? "" : SecretData.annotation(secret, NAME_ANNOTATION);
    if (secret == null || !isTokenSecret(secret) || Meta.deleting(secret) || saName.isEmpty()) {
      return;
    }
    ObjectNode sa = serviceAccount(namespace, saName);
    String wantedUid = SecretData.annotation(secret, UID_ANNOTATION);
    if (sa == null || !(wantedUid.isEmpty() || wantedUid.equals(Meta.uid(sa)))) {
      await(secrets.store().delete(namespace, name, new DeleteOptions(null, null,
          new Preconditions(Meta.uid(secret), null), false), WRITER));
      return;
    }
    if (needsUpdate(secret)) {
      await(secrets.store().update(namespace, name, null, current -> fill(current, sa), WRITER));
    }
  }

  /** The cached service account, else a live read (fetchOnCacheMiss), null when it does not exist. */
  private ObjectNode serviceAccount(String namespace, String name) {
    ObjectNode cached = serviceAccounts.get(namespace, name);
    if (cached != null) {
      return cached;
    }
    try {
      return serviceAccounts.store().get(namespace, name).toCompletableFuture()
          .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS).object();
    } catch (Exception e) {
      if (notFound(e)) {
        return null;
      }
      throw new IllegalStateException("cannot read service account " + namespace + "/" + name, e);
    }
  }

  private boolean needsUpdate(ObjectNode secret) {
    return !Arrays.equals(SecretData.bytes(secret, "ca.crt"), caPem)
        || SecretData.text(secret, "namespace").isEmpty() || SecretData.text(secret, "token").isEmpty();
  }

  /** generateTokenIfNeeded on the latest Secret (it may have changed since the cache saw it). */
  private ObjectNode fill(ObjectNode current, ObjectNode sa) {
    ObjectNode next = current.deepCopy();
    if (!isTokenSecret(next) || !needsUpdate(next)
        || !Meta.name(sa).equals(SecretData.annotation(next, NAME_ANNOTATION))) {
      return next;
    }
    ObjectNode data = next.withObject("/data");
    Base64.Encoder base64 = Base64.getEncoder();
    data.put("ca.crt", base64.encodeToString(caPem));
    if (SecretData.text(next, "namespace").isEmpty()) {
      data.put("namespace", base64.encodeToString(Meta.namespace(next).getBytes(StandardCharsets.UTF_8)));
    }
    if (SecretData.text(next, "token").isEmpty()) {
      LegacyClaims claims = new LegacyClaims(ServiceAccountUsers.username(Meta.namespace(sa), Meta.name(sa)),
          Meta.namespace(sa), Meta.name(next), Meta.name(sa), Meta.uid(sa));
      data.put("token", base64.encodeToString(signer.sign(claims.toJson()).getBytes(StandardCharsets.UTF_8)));
    }
    next.withObject("/metadata").withObject("/annotations").put(NAME_ANNOTATION, Meta.name(sa))
        .put(UID_ANNOTATION, Meta.uid(sa));
    return next;
  }

  /** Waits for a write; a 404 or 409 means someone else changed the Secret and a later event re-queues it. */
  private static void await(CompletionStage<?> write) {
    try {
      write.toCompletableFuture().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (!notFound(e) && !(cause(e) instanceof ApiException api && api.code() == 409)) {
        throw new IllegalStateException("token secret write failed", e);
      }
    }
  }

  private static boolean notFound(Exception e) {
    return cause(e) instanceof ApiException api && api.code() == 404;
  }

  private static Throwable cause(Exception e) {
    Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
    return StorageErrors.unwrap(t);
  }

  static boolean isTokenSecret(ObjectNode secret) {
    return SECRET_TYPE.equals(SecretData.type(secret));
  }

  @Override
  public void close() {
    closed = true;
    worker.shutdownNow();
  }
}
