package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.admission.AdmissionChain;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.api.Uids;
import dev.vkube.apiserver.apply.FieldManager;
import dev.vkube.apiserver.storage.Claims;
import dev.vkube.apiserver.storage.DeleteValidation;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.Storage;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one CRUD engine for every resource (k8s.io/apiserver registry/generic/registry/store.go): keys,
 * generateName, server-set metadata, optimistic concurrency, the status split, generation, graceful
 * deletion and finalizers. Per-resource behaviour comes from the definition's strategy.
 *
 * <p>The file is longer than most because it holds the whole write path of the API in one place, as
 * upstream's Store does; each method is one verb.
 */
public final class GenericStore {
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int GENERATE_NAME_ATTEMPTS = 8;
  // Writes that lost a claimed value to another replica's write, admitted again with another value.
  private static final int CLAIM_ATTEMPTS = 8;

  private static final String CONFLICT_MESSAGE =
      "the object has been modified; please apply your changes to the latest version and try again";

  private final ResourceDefinition def;
  private final Storage storage;
  private final String resourcePrefix;
  private final String claimPrefix;
  private final Claims claims;
  private final Clock clock;
  private final Random random;
  private final NamespaceLookup namespaces;
  private final FieldManager fields = new FieldManager();
  private final AdmissionChain admission;

  public GenericStore(ResourceDefinition def, Storage storage, String etcdPrefix, Clock clock, Random random,
      NamespaceLookup namespaces) {
    this(def, storage, etcdPrefix, clock, random, namespaces, new AdmissionChain());
  }

  public GenericStore(ResourceDefinition def, Storage storage, String etcdPrefix, Clock clock, Random random,
      NamespaceLookup namespaces, AdmissionChain admission) {
    this.admission = admission;
    this.def = def;
    this.storage = storage;
    this.resourcePrefix = etcdPrefix + "/" + def.storagePath() + "/";
    this.claimPrefix = etcdPrefix + "/";
    this.claims = claimsOf(def.strategy().claims(), claimPrefix);
    this.clock = clock;
    this.random = random;
    this.namespaces = namespaces;
  }

  public ResourceDefinition definition() {
    return def;
  }

  /** The etcd prefix of one namespace, or of all objects when {@code namespace} is null. */
  public String prefix(String namespace) {
    return def.namespaced() && namespace != null ? resourcePrefix + namespace + "/" : resourcePrefix;
  }

  public String key(String namespace, String name) {
    return prefix(namespace) + name;
  }

  private static Claims claimsOf(ClaimPolicy policy, String claimPrefix) {
    if (policy == ClaimPolicy.NONE) {
      return Claims.NONE;
    }
    return object -> {
      Map<String, ObjectNode> held = policy.heldBy(object);
      Map<String, ObjectNode> keyed = new HashMap<>(held.size() * 2);
      held.forEach((key, value) -> keyed.put(claimPrefix + key, value));
      return keyed;
    };
  }

  /**
   * Runs {@code write} again when it lost a claimed value to another object, unless the client asked
   * for that value ({@link ClaimPolicy#lost} throws the client's error then).
   */
  private <T> CompletionStage<T> claiming(Supplier<CompletionStage<T>> write, Supplier<ObjectNode> requested,
      int attempts) {
    return write.get().handle((result, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(result);
      }
      Throwable e = StorageErrors.unwrap(failure);
      if (!(e instanceof StorageException se) || se.code() != StorageException.Code.CLAIM_TAKEN) {
        return CompletableFuture.<T>failedFuture(e);
      }
      String key = se.key() == null ? "" : se.key().substring(Math.min(claimPrefix.length(), se.key().length()));
      def.strategy().claims().lost(key, requested.get());
      if (attempts <= 1) {
        // Upstream's allocators answer 500 when they cannot allocate (alloc.go "failed to allocate ...").
        throw ApiException.internal("failed to allocate " + key + ": taken by another object " + CLAIM_ATTEMPTS
            + " times in a row");
      }
      return claiming(write, requested, attempts - 1);
    }).thenCompose(stage -> stage);
  }

  // ---- create

  /** Creates the object; the context's field manager becomes the owner of its fields. */
  public CompletionStage<WriteResult> create(String namespace, ObjectNode body, WriteContext context) {
    return claiming(() -> createOnce(namespace, body, context), () -> body, CLAIM_ATTEMPTS)
        .exceptionally(e -> {
          throw StorageErrors.interpret(e, def, Meta.name(body));
        });
  }

  private CompletionStage<WriteResult> createOnce(String namespace, ObjectNode body, WriteContext context) {
    boolean dryRun = context.dryRun();
    ObjectNode object = body.deepCopy();
    setTypeAndNamespace(object, namespace);
    boolean generated = generateNameIfAsked(object, false);
    prepareCreate(object);
    object = fields.update(null, object, context.fieldManager(), null, clock.instant());
    ObjectNode created = object;
    AdmissionRequest request = new AdmissionRequest(Operation.CREATE, def, "", namespace, Meta.name(created),
        created, null, context.user(), dryRun, context.warnings());
    admission.admit(request);
    validateOrThrow(def.strategy().validate(created), ObjectMetaRules.validate(created,
        def.strategy().nameRule()), created);
    admission.validate(request);
    return checkNamespaceWritable(namespace, Meta.name(created)).thenCompose(ok -> {
      if (dryRun) {
        return CompletableFuture.completedFuture(new WriteResult(created, true, true));
      }
      return insert(namespace, created, generated, GENERATE_NAME_ATTEMPTS);
    });
  }

  private CompletionStage<WriteResult> insert(String namespace, ObjectNode object, boolean generated, int attempts) {
    String name = Meta.name(object);
    return storage.create(key(namespace, name), object, claims).handle((stored, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(new WriteResult(stored.object(), true, true));
      }
      Throwable e = StorageErrors.unwrap(failure);
      if (generated && attempts > 1 && e instanceof StorageException se
          && se.code() == StorageException.Code.KEY_EXISTS) {
        generateNameIfAsked(object, true);
        return insert(namespace, object, true, attempts - 1);
      }
      if (e instanceof StorageException se && se.code() == StorageException.Code.CLAIM_TAKEN) {
        throw se;
      }
      throw StorageErrors.interpret(e, def, name);
    }).thenCompose(stage -> stage);
  }

  private void prepareCreate(ObjectNode object) {
    ObjectNode metadata = Meta.metadata(object);
    metadata.put("uid", Uids.random());
    metadata.put("creationTimestamp", Meta.timestamp(clock.instant()));
    for (String serverOwned : List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds",
        "selfLink")) {
      metadata.remove(serverOwned);
    }
    if (def.strategy().tracksGeneration()) {
      metadata.put("generation", 1);
    } else {
      metadata.remove("generation");
    }
    if (def.hasStatus() && def.strategy().resetsStatusOnCreate()) {
      object.remove("status");
    }
    def.strategy().applyDefaults(object);
    def.strategy().prepareForCreate(object);
  }

  private boolean generateNameIfAsked(ObjectNode object, boolean generatedBefore) {
    ObjectNode metadata = Meta.metadata(object);
    String base = metadata.path("generateName").asText("");
    if (base.isEmpty() || (!metadata.path("name").asText("").isEmpty() && !generatedBefore)) {
      return false;
    }
    StringBuilder name = new StringBuilder(base.length() > 58 ? base.substring(0, 58) : base);
    for (int i = 0; i < 5; i++) {
      name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    metadata.put("name", name.toString());
    return true;
  }

  // ---- read

  public CompletionStage<StoredObject> get(String namespace, String name) {
    return storage.get(key(namespace, name)).exceptionally(e -> {
      throw StorageErrors.interpret(e, def, name);
    });
  }

  public CompletionStage<ListResult> list(String namespace, ListOptions options) {
    return storage.list(prefix(namespace), options).exceptionally(e -> {
      throw StorageErrors.interpret(e, def, "");
    });
  }

  public WatchHandle watch(String namespace, WatchOptions options, WatchListener listener) {
    return storage.watch(prefix(namespace), options, listener);
  }

  // ---- update and patch

  /**
   * Replaces the object (or its status when {@code subresource} is "status") with what {@code
   * computeNew} makes of the current one: for PUT it returns the body, for PATCH the patched current.
   */
  public CompletionStage<WriteResult> update(String namespace, String name, String subresource,
      UnaryOperator<ObjectNode> computeNew, WriteContext context) {
    ObjectNode[] requested = new ObjectNode[1];
    UnaryOperator<ObjectNode> remembered = current -> requested[0] = computeNew.apply(current);
    return claiming(() -> updateOnce(namespace, name, subresource, remembered, context), () -> requested[0],
        CLAIM_ATTEMPTS).exceptionally(e -> {
          throw StorageErrors.interpret(e, def, name);
        });
  }

  private CompletionStage<WriteResult> updateOnce(String namespace, String name, String subresource,
      UnaryOperator<ObjectNode> computeNew, WriteContext context) {
    boolean dryRun = context.dryRun();
    String manager = context.fieldManager();
    boolean status = "status".equals(subresource);
    ObjectNode[] result = new ObjectNode[1];
    CompletionStage<StoredObject> written = storage.guaranteedUpdate(key(namespace, name), Preconditions.NONE,
        false, current -> {
          ObjectNode next = prepareUpdate(namespace, name, current, computeNew.apply(current.object()), status,
              (old, changed) -> fields.update(old, changed, manager, subresource, clock.instant()), context,
              subresource);
          result[0] = next;
          if (dryRun) {
            // A dry run answers with what would be stored, at the current resourceVersion (dryrun.go).
            next.with("metadata").put("resourceVersion", Meta.resourceVersion(current.object()));
            return current.object();
          }
          return next;
        }, claims);
    return written.handle((stored, failure) -> {
      if (failure != null) {
        throw claimLost(failure) ? (RuntimeException) StorageErrors.unwrap(failure)
            : StorageErrors.interpret(failure, def, name);
      }
      return dryRun ? CompletableFuture.completedFuture(new WriteResult(result[0], true))
          : finishIfFinalized(namespace, stored);
    }).thenCompose(stage -> stage);
  }

  /**
   * A write straight to storage, without strategy, field tracking or admission, for subresources whose
   * upstream REST writes storage itself (pods/binding: BindingREST's GuaranteedUpdate in
   * pkg/registry/core/pod/storage/storage.go). {@code mutate} changes a copy of the current object or
   * throws an ApiException to refuse; a dry run answers what would be stored.
   */
  public CompletionStage<ObjectNode> writeThrough(String namespace, String name, Preconditions preconditions,
      boolean dryRun, UnaryOperator<ObjectNode> mutate) {
    ObjectNode[] result = new ObjectNode[1];
    return storage.guaranteedUpdate(key(namespace, name), preconditions, false, current -> {
      result[0] = mutate.apply(current.object().deepCopy());
      return dryRun ? current.object() : result[0];
    }, claims).handle((stored, failure) -> {
      if (failure != null) {
        throw StorageErrors.interpret(failure, def, name);
      }
      return dryRun ? result[0] : stored.object();
    });
  }

  /**
   * Server-side apply (PATCH application/apply-patch+yaml): merges {@code applied} into the object, or
   * creates it when absent, with {@code manager} owning the applied fields; conflicts are 409 unless
   * {@code force}.
   */
  public CompletionStage<WriteResult> apply(String namespace, String name, String subresource, ObjectNode applied,
      boolean force, WriteContext context) {
    boolean dryRun = context.dryRun();
    String manager = context.fieldManager();
    boolean status = "status".equals(subresource);
    Function<StoredObject, ObjectNode> merge = current -> current == null
        ? applyCreate(namespace, name, applied, force, context)
        : prepareUpdate(namespace, name, current, fields.apply(current.object(), applied, manager, force,
            subresource, clock.instant()), status, (old, merged) -> merged, context, subresource);
    if (dryRun) {
      return storage.get(key(namespace, name)).handle((current, failure) -> {
        if (failure != null && (status || !(StorageErrors.unwrap(failure) instanceof StorageException))) {
          throw StorageErrors.interpret(failure, def, name);
        }
        return new WriteResult(merge.apply(failure == null ? current : null), true, failure != null);
      });
    }
    boolean[] created = new boolean[1];
    Supplier<CompletionStage<WriteResult>> write = () -> storage.guaranteedUpdate(key(namespace, name),
        Preconditions.NONE, !status, current -> {
          created[0] = current == null;
          return merge.apply(current);
        }, claims).thenApply(stored -> new WriteResult(stored.object(), true, created[0]));
    return checkNamespaceWritable(namespace, name).thenCompose(ok -> claiming(write, () -> applied, CLAIM_ATTEMPTS))
        .exceptionally(e -> {
          throw StorageErrors.interpret(e, def, name);
        });
  }

  private ObjectNode applyCreate(String namespace, String name, ObjectNode applied, boolean force,
      WriteContext context) {
    ObjectNode object = fields.apply(null, applied, context.fieldManager(), force, null, clock.instant());
    setTypeAndNamespace(object, namespace);
    Meta.metadata(object).put("name", name);
    prepareCreate(object);
    AdmissionRequest request = new AdmissionRequest(Operation.CREATE, def, "", namespace, name, object, null,
        context.user(), context.dryRun(), context.warnings());
    admission.admit(request);
    validateOrThrow(def.strategy().validate(object), ObjectMetaRules.validate(object, def.strategy().nameRule()),
        object);
    admission.validate(request);
    return object;
  }

  private ObjectNode prepareUpdate(String namespace, String name, StoredObject current, ObjectNode body,
      boolean statusOnly, BinaryOperator<ObjectNode> trackFields, WriteContext context, String subresource) {
    ObjectNode old = current.object();
    ObjectNode next = body.deepCopy();
    setTypeAndNamespace(next, namespace);
    String bodyName = Meta.name(next);
    if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
          + name + ")");
    }
    checkPreconditions(next, old, name);
    if (statusOnly) {
      next = withStatusOf(old, next);
    } else if (def.hasStatus()) {
      copyField(old, next, "status");
    }
    carryServerOwnedMeta(old, next, name);
    ResourceStrategy strategy = def.strategy().forSubresource(subresource);
    if (!statusOnly) {
      strategy.applyDefaults(next);
      strategy.prepareForUpdate(next, old);
    }
    bumpGeneration(old, next);
    next = trackFields.apply(old, next);
    AdmissionRequest request = new AdmissionRequest(Operation.UPDATE, def, subresource == null ? "" : subresource,
        namespace, name, next, old, context.user(), context.dryRun(), context.warnings());
    admission.admit(request);
    validateOrThrow(strategy.validateUpdate(next, old),
        statusOnly ? List.of() : ObjectMetaRules.validate(next, def.strategy().nameRule()), next);
    admission.validate(request);
    return next;
  }

  private void checkPreconditions(ObjectNode next, ObjectNode old, String name) {
    String wanted = Meta.resourceVersion(next);
    if (wanted != null && !wanted.isEmpty() && !wanted.equals(Meta.resourceVersion(old))) {
      throw ApiException.conflict(def.group(), def.resource(), name, CONFLICT_MESSAGE);
    }
    String uid = Meta.uid(next);
    if (uid != null && !uid.isEmpty() && !uid.equals(Meta.uid(old))) {
      throw ApiException.conflict(def.group(), def.resource(), name, "Precondition failed: UID in precondition: "
          + uid + ", UID in object meta: " + Meta.uid(old));
    }
  }

  /** A status write changes status only (metav1.ResetObjectMetaForStatus keeps the old metadata). */
  private static ObjectNode withStatusOf(ObjectNode old, ObjectNode body) {
    ObjectNode next = old.deepCopy();
    if (body.has("status")) {
      next.set("status", body.get("status"));
    } else {
      next.remove("status");
    }
    return next;
  }

  private static void carryServerOwnedMeta(ObjectNode old, ObjectNode next, String name) {
    ObjectNode meta = Meta.metadata(next);
    JsonNode oldMeta = old.path("metadata");
    meta.put("name", name);
    for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "generation")) {
      if (oldMeta.has(field)) {
        meta.set(field, oldMeta.get(field));
      } else {
        meta.remove(field);
      }
    }
    meta.remove("resourceVersion");
    meta.remove("selfLink");
  }

  private void bumpGeneration(ObjectNode old, ObjectNode next) {
    if (!def.strategy().tracksGeneration()) {
      return;
    }
    ObjectNode oldSpec = old.deepCopy();
    ObjectNode newSpec = next.deepCopy();
    for (ObjectNode o : List.of(oldSpec, newSpec)) {
      o.remove("metadata");
      o.remove("status");
    }
    if (!oldSpec.equals(newSpec)) {
      Meta.metadata(next).put("generation", old.path("metadata").path("generation").asLong(0) + 1);
    }
  }

  /** The write that removes the last finalizer of a deleting object deletes it (Store.Update). */
  private CompletionStage<WriteResult> finishIfFinalized(String namespace, StoredObject stored) {
    ObjectNode object = stored.object();
    if (!finalized(object)) {
      return CompletableFuture.completedFuture(new WriteResult(object, true));
    }
    return deleteFinalized(stored).thenApply(deleted -> new WriteResult(object, true));
  }

  /** A deleting object nothing holds any more: no finalizers, no grace period left, not blocked. */
  private static boolean finalized(ObjectNode object) {
    boolean gracePending = object.path("metadata").path("deletionGracePeriodSeconds").asLong(0) > 0;
    return Meta.deleting(object) && !Meta.hasFinalizers(object) && !deletionBlocked(object) && !gracePending;
  }

  /** Deletes {@code stored} if it is still that revision; whether it did (a newer write decides otherwise). */
  private CompletionStage<Boolean> deleteFinalized(StoredObject stored) {
    return storage.delete(stored.key(), new Preconditions(null, Meta.resourceVersion(stored.object())),
        DeleteValidation.NONE, claims).handle((deleted, failure) -> failure == null);
  }

  // ---- delete

  /** Deletes every object the list options select, one by one, as upstream's DeleteCollection does. */
  public CompletionStage<List<ObjectNode>> deleteCollection(String namespace, ListOptions listOptions,
      DeleteOptions options, WriteContext context) {
    return list(namespace, listOptions).thenCompose(page -> {
      List<CompletableFuture<ObjectNode>> deletions = new java.util.ArrayList<>();
      for (StoredObject item : page.items()) {
        String name = Meta.name(item.object());
        String ns = Meta.namespace(item.object());
        deletions.add(delete(ns, name, options, context).handle((r, e) -> e == null ? r.object() : null)
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).thenApply(done ->
          deletions.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList());
    });
  }

  public CompletionStage<WriteResult> delete(String namespace, String name, DeleteOptions options,
      WriteContext context) {
    return storage.get(key(namespace, name)).handle((current, failure) -> {
      if (failure != null) {
        throw StorageErrors.interpret(failure, def, name);
      }
      checkDeletePreconditions(current, options.preconditions(), name);
      AdmissionRequest request = new AdmissionRequest(Operation.DELETE, def, "", namespace, name, null,
          current.object(), context.user(), options.dryRun(), context.warnings());
      admission.admit(request);
      admission.validate(request);
      return deleteExisting(namespace, name, current, options);
    }).thenCompose(stage -> stage);
  }

  /**
   * Deletes now or marks deleting, decided on {@code current} (package-private for the test of a
   * concurrent update between that read and the write).
   */
  CompletionStage<WriteResult> deleteExisting(String namespace, String name, StoredObject current,
      DeleteOptions options) {
    ObjectNode object = current.object();
    Long grace = def.strategy().gracePeriodSeconds(object, options.gracePeriodSeconds());
    String finalizer = propagationFinalizer(options.propagationPolicy());
    boolean pending = Meta.hasFinalizers(object) || finalizer != null || (grace != null && grace > 0)
        || deletionBlocked(object);
    if (!pending) {
      if (options.dryRun()) {
        return CompletableFuture.completedFuture(new WriteResult(object, true));
      }
      return storage.delete(current.key(), options.preconditions(), DeleteValidation.NONE, claims).handle((gone, e) -> {
        if (e != null) {
          throw StorageErrors.interpret(e, def, name);
        }
        return new WriteResult(gone.object(), true);
      });
    }
    return markDeleting(namespace, name, grace, finalizer, options);
  }

  /** Namespaces wait for their spec.finalizers (the namespace controller empties them). */
  private static boolean deletionBlocked(ObjectNode object) {
    return object.path("spec").path("finalizers").size() > 0;
  }

  /** Sets deletionTimestamp (and the propagation finalizer): the object stays until finalizers or grace end. */
  private CompletionStage<WriteResult> markDeleting(String namespace, String name, Long grace, String finalizer,
      DeleteOptions options) {
    ObjectNode[] result = new ObjectNode[1];
    return storage.guaranteedUpdate(key(namespace, name), options.preconditions(), false, current -> {
      ObjectNode next = current.object().deepCopy();
      ObjectNode meta = Meta.metadata(next);
      if (finalizer != null && !contains(meta.path("finalizers"), finalizer)) {
        meta.withArray("finalizers").add(finalizer);
      }
      long seconds = grace == null ? 0 : grace;
      long existing = meta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE);
      if (!meta.hasNonNull("deletionTimestamp") || seconds < existing) {
        meta.put("deletionTimestamp", Meta.timestamp(clock.instant().plusSeconds(seconds)));
        meta.put("deletionGracePeriodSeconds", seconds);
      }
      def.strategy().prepareForDeletion(next);
      result[0] = next;
      return options.dryRun() ? current.object() : next;
    }, claims).handle((stored, e) -> {
      if (e != null) {
        throw StorageErrors.interpret(e, def, name);
      }
      if (options.dryRun() || !finalized(stored.object())) {
        return CompletableFuture.completedFuture(new WriteResult(options.dryRun() ? result[0] : stored.object(),
            false));
      }
      // The finalizers went between the read that chose to mark and this write (a concurrent update):
      // nothing holds the object now, so it goes, as kube-apiserver decides inside its GuaranteedUpdate
      // (Store.Delete, deleteImmediately). Left marked, no later write would ever delete it.
      return deleteFinalized(stored).thenApply(deleted -> new WriteResult(stored.object(), deleted));
    }).thenCompose(stage -> stage);
  }

  private static boolean claimLost(Throwable failure) {
    return StorageErrors.unwrap(failure) instanceof StorageException se
        && se.code() == StorageException.Code.CLAIM_TAKEN;
  }

  private static String propagationFinalizer(String policy) {
    if ("Orphan".equals(policy)) {
      return "orphan";
    }
    return "Foreground".equals(policy) ? "foregroundDeletion" : null;
  }

  private void checkDeletePreconditions(StoredObject current, Preconditions pre, String name) {
    if (pre.uid() != null && !pre.uid().equals(Meta.uid(current.object()))) {
      throw ApiException.conflict(def.group(), def.resource(), name, "Precondition failed: UID in precondition: "
          + pre.uid() + ", UID in object meta: " + Meta.uid(current.object()));
    }
    if (pre.resourceVersion() != null && !pre.resourceVersion().equals(Meta.resourceVersion(current.object()))) {
      throw ApiException.conflict(def.group(), def.resource(), name, "Precondition failed: ResourceVersion in "
          + "precondition: " + pre.resourceVersion() + ", ResourceVersion in object meta: "
          + Meta.resourceVersion(current.object()));
    }
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }

  // ---- shared checks

  private void setTypeAndNamespace(ObjectNode object, String namespace) {
    ObjectNode metadata = Meta.metadata(object);
    if (def.namespaced()) {
      String given = Meta.namespace(object);
      if (given != null && !given.isEmpty() && !given.equals(namespace)) {
        throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
            + "the request");
      }
      metadata.put("namespace", namespace);
    } else {
      metadata.remove("namespace");
    }
    object.put("apiVersion", def.groupVersion());
    object.put("kind", def.kind());
  }

  private void validateOrThrow(List<StatusCause> strategyCauses, List<StatusCause> metaCauses, ObjectNode object) {
    if (strategyCauses.isEmpty() && metaCauses.isEmpty()) {
      return;
    }
    List<StatusCause> all = new java.util.ArrayList<>(metaCauses);
    all.addAll(strategyCauses);
    String name = Meta.name(object);
    throw ApiException.invalid(def.group(), def.kind(), name == null ? "" : name, all);
  }

  private CompletionStage<Void> checkNamespaceWritable(String namespace, String name) {
    if (!def.namespaced()) {
      return CompletableFuture.completedFuture(null);
    }
    return namespaces.find(namespace).thenApply(ns -> {
      if (ns == null) {
        throw ApiException.notFound("", "namespaces", namespace);
      }
      if (Meta.deleting(ns) || "Terminating".equals(ns.path("status").path("phase").asText())) {
        throw new ApiException(403, "Forbidden", def.resource() + " \"" + name + "\" is forbidden: unable to create new "
            + "content in namespace " + namespace + " because it is being terminated", def.group(), def.resource(),
            name, List.of(new StatusCause("NamespaceTerminating", "namespace " + namespace + " is being terminated",
                "metadata.namespace")), null);
      }
      return null;
    });
  }

  private static void copyField(ObjectNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    } else {
      to.remove(field);
    }
  }
}
