package dev.vkube.apiserver.storage;

import static dev.vkube.apiserver.storage.StorageTesting.configMap;
import static dev.vkube.apiserver.storage.StorageTesting.failure;
import static dev.vkube.apiserver.storage.StorageTesting.join;
import static dev.vkube.apiserver.storage.StorageTesting.name;
import static dev.vkube.apiserver.storage.StorageTesting.resourceVersion;
import static dev.vkube.apiserver.storage.StorageTesting.thrown;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.storage.ListOptions.ResourceVersionMatch;
import dev.vkube.apiserver.storage.StorageTesting.Recorder;
import dev.vkube.apiserver.storage.etcd.EtcdCodec;
import dev.vkube.apiserver.testing.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} shares (as apiserver's storage/testing suite runs against etcd3
 * and the cacher). Subclasses supply the storage over the class's etcd; each test works under its own
 * prefix. Implementations are built with a 200 ms bookmark interval and, for caches, a window of
 * {@link #WINDOW} events.
 */
public abstract class StorageContractTest {
  protected static final Duration BOOKMARK_INTERVAL = Duration.ofMillis(200);
  protected static final int WINDOW = 16;
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Predicate<ObjectNode> WEB = o -> "web".equals(o.path("metadata").path("labels").path("app").asText());

  protected String prefix;
  protected Storage storage;

  protected abstract EtcdExtension etcd();

  /** A storage for this test; may get ready for {@code prefix} (a cache starts watching it). */
  protected abstract Storage createStorage(String prefix) throws Exception;

  protected abstract void closeStorage(Storage storage);

  @BeforeEach
  final void setUpStorage() throws Exception {
    prefix = etcd().freshPrefix();
    storage = createStorage(prefix);
  }

  @AfterEach
  final void tearDownStorage() {
    closeStorage(storage);
  }

  // ---- create and get ----

  @Test
  void createReturnsObjectWithModRevisionAsResourceVersion() {
    ObjectNode input = configMap("a");
    StoredObject created = join(storage.create(key("a"), input));

    assertEquals(Long.toString(created.modRevision()), resourceVersion(created));
    assertTrue(input.path("metadata").path("resourceVersion").isMissingNode(), "the caller's tree is untouched");
    StoredObject read = join(storage.get(key("a")));
    assertEquals(created.modRevision(), read.modRevision());
    assertEquals(created.object(), read.object());
  }

  @Test
  void storedValueNeverHoldsResourceVersion() throws Exception {
    ObjectNode input = configMap("a");
    ((ObjectNode) input.get("metadata")).put("resourceVersion", "12345");
    StoredObject created = join(storage.create(key("a"), input));

    byte[] raw = kv().get(ByteSequence.from(key("a").getBytes())).get().getKvs().get(0).getValue().getBytes();
    assertFalse(new String(raw).contains("resourceVersion"));
    assertEquals(Long.toString(created.modRevision()), resourceVersion(created));
  }

  @Test
  void createOfExistingKeyFailsWithKeyExists() {
    join(storage.create(key("a"), configMap("a")));

    assertEquals(StorageException.Code.KEY_EXISTS, failure(storage.create(key("a"), configMap("a"))).code());
  }

  @Test
  void getOfMissingKeyFailsWithKeyNotFound() {
    assertEquals(StorageException.Code.KEY_NOT_FOUND, failure(storage.get(key("missing"))).code());
  }

  // ---- guaranteedUpdate ----

  @Test
  void updateWritesFunctionResultWithNewResourceVersion() {
    StoredObject created = join(storage.create(key("a"), configMap("a")));

    StoredObject updated = join(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false,
        current -> withData(current.object(), "key", "changed")));

    assertTrue(updated.modRevision() > created.modRevision());
    assertEquals(Long.toString(updated.modRevision()), resourceVersion(updated));
    assertEquals("changed", join(storage.get(key("a"))).object().path("data").path("key").asText());
    assertEquals("value", created.object().path("data").path("key").asText(), "the stored tree is not mutated");
  }

  @Test
  void updateWithStaleResourceVersionFailsWithPreconditionFailed() {
    StoredObject created = join(storage.create(key("a"), configMap("a")));
    join(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false, c -> withData(c.object(), "key", "v2")));

    StorageException e = failure(storage.guaranteedUpdate(key("a"), new Preconditions(null, resourceVersion(created)),
        false, c -> withData(c.object(), "key", "v3")));

    assertEquals(StorageException.Code.PRECONDITION_FAILED, e.code());
    assertTrue(e.getMessage().contains("ResourceVersion in precondition: " + created.modRevision()), e.getMessage());
  }

  @Test
  void updateWithOtherUidFailsWithPreconditionFailed() {
    join(storage.create(key("a"), configMap("a")));

    StorageException e = failure(storage.guaranteedUpdate(key("a"), new Preconditions("other-uid", null), false,
        c -> withData(c.object(), "key", "v2")));

    assertEquals(StorageException.Code.PRECONDITION_FAILED, e.code());
  }

  @Test
  void updateRetriesFunctionOnFreshObjectAfterRace() {
    join(storage.create(key("a"), configMap("a")));
    AtomicInteger calls = new AtomicInteger();

    StoredObject updated = join(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false, current -> {
      if (calls.incrementAndGet() == 1) {
        writeBehindStorage(key("a"), withData(current.object(), "racer", "won"));
      }
      return withData(current.object(), "mine", "too");
    }));

    assertEquals(2, calls.get());
    assertEquals("won", updated.object().path("data").path("racer").asText());
    assertEquals("too", updated.object().path("data").path("mine").asText());
  }

  @Test
  void updateReturningUnchangedObjectDoesNotWrite() {
    StoredObject created = join(storage.create(key("a"), configMap("a")));
    long before = join(storage.currentRevision());

    StoredObject same = join(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false,
        current -> current.object().deepCopy()));

    assertEquals(created.modRevision(), same.modRevision());
    assertEquals(resourceVersion(created), resourceVersion(same));
    assertEquals(before, join(storage.currentRevision()));
  }

  @Test
  void updateOfMissingKeyFailsWithKeyNotFound() {
    StorageException e = failure(storage.guaranteedUpdate(key("missing"), Preconditions.NONE, false, c -> c.object()));

    assertEquals(StorageException.Code.KEY_NOT_FOUND, e.code());
  }

  @Test
  void updateOfMissingKeyWithIgnoreNotFoundCreatesIt() {
    AtomicInteger nullCalls = new AtomicInteger();

    StoredObject created = join(storage.guaranteedUpdate(key("new"), Preconditions.NONE, true, current -> {
      if (current == null) {
        nullCalls.incrementAndGet();
      }
      return configMap("new");
    }));

    assertEquals(1, nullCalls.get());
    assertEquals(created.modRevision(), join(storage.get(key("new"))).modRevision());
  }

  @Test
  void updateFunctionExceptionPassesThroughUnchanged() {
    join(storage.create(key("a"), configMap("a")));
    IllegalStateException refusal = new IllegalStateException("invalid");

    Throwable thrown = thrown(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false, c -> {
      throw refusal;
    }));

    assertSame(refusal, thrown);
  }

  // ---- delete ----

  @Test
  void deleteReturnsLastStateAtDeletionRevision() {
    StoredObject created = join(storage.create(key("a"), configMap("a")));

    StoredObject deleted = join(storage.delete(key("a"), Preconditions.NONE, DeleteValidation.NONE));

    assertTrue(deleted.modRevision() > created.modRevision());
    assertEquals(Long.toString(deleted.modRevision()), resourceVersion(deleted));
    assertEquals("a", name(deleted));
    assertEquals(StorageException.Code.KEY_NOT_FOUND, failure(storage.get(key("a"))).code());
  }

  @Test
  void deleteWithStaleResourceVersionFailsAndKeepsObject() {
    StoredObject created = join(storage.create(key("a"), configMap("a")));
    join(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false, c -> withData(c.object(), "key", "v2")));

    StorageException e = failure(storage.delete(key("a"), new Preconditions(null, resourceVersion(created)),
        DeleteValidation.NONE));

    assertEquals(StorageException.Code.PRECONDITION_FAILED, e.code());
    assertNotNull(join(storage.get(key("a"))));
  }

  @Test
  void deleteValidationRefusalKeepsObject() {
    join(storage.create(key("a"), configMap("a")));
    IllegalStateException refusal = new IllegalStateException("has finalizers");

    Throwable thrown = thrown(storage.delete(key("a"), Preconditions.NONE, current -> {
      throw refusal;
    }));

    assertSame(refusal, thrown);
    assertNotNull(join(storage.get(key("a"))));
  }

  @Test
  void deleteOfMissingKeyFailsWithKeyNotFound() {
    StorageException e = failure(storage.delete(key("missing"), Preconditions.NONE, DeleteValidation.NONE));

    assertEquals(StorageException.Code.KEY_NOT_FOUND, e.code());
  }

  // ---- list ----

  @Test
  void consistentListSeesEveryWriteInKeyOrder() {
    join(storage.create(key("b"), configMap("b")));
    join(storage.create(key("c"), configMap("c")));
    StoredObject last = join(storage.create(key("a"), configMap("a")));

    ListResult list = join(storage.list(prefix, ListOptions.ALL));

    assertEquals(List.of("a", "b", "c"), list.items().stream().map(StorageTesting::name).toList());
    assertTrue(list.resourceVersion() >= last.modRevision());
    assertNull(list.continueToken());
  }

  @Test
  void listAppliesFilter() {
    join(storage.create(key("a"), configMap("a", Map.of("app", "web"))));
    join(storage.create(key("b"), configMap("b", Map.of("app", "db"))));

    ListResult list = join(storage.list(prefix, new ListOptions("", ResourceVersionMatch.UNSET, 0, null, WEB)));

    assertEquals(List.of("a"), list.items().stream().map(StorageTesting::name).toList());
  }

  @Test
  void listResourceVersionZeroServesWhatTheStoreHas() {
    join(storage.create(key("a"), configMap("a")));

    await().atMost(WAIT).until(() ->
        join(storage.list(prefix, new ListOptions("0", ResourceVersionMatch.UNSET, 0, null, null))).items().size() == 1);
  }

  @Test
  void listWithLimitPagesThroughContinueTokensAtFirstPageRevision() {
    for (String n : List.of("a", "b", "c", "d", "e")) {
      join(storage.create(key(n), configMap(n)));
    }

    ListResult first = join(storage.list(prefix, page(2, null)));
    join(storage.create(key("bb"), configMap("bb")));
    ListResult second = join(storage.list(prefix, page(2, first.continueToken())));
    ListResult third = join(storage.list(prefix, page(2, second.continueToken())));

    assertEquals(List.of("a", "b"), names(first));
    assertEquals(3L, first.remainingItemCount());
    assertEquals(List.of("c", "d"), names(second), "later pages read at the first page's revision");
    assertEquals(first.resourceVersion(), second.resourceVersion());
    assertEquals(List.of("e"), names(third));
    assertNull(third.continueToken());
  }

  @Test
  void listWithFilterAndLimitReadsOnUntilLimitMatch() {
    for (int i = 0; i < 9; i++) {
      join(storage.create(key("o" + i), configMap("o" + i, Map.of("app", i % 3 == 2 ? "web" : "db"))));
    }

    ListResult first = join(storage.list(prefix, new ListOptions("", ResourceVersionMatch.UNSET, 2, null, WEB)));
    ListResult rest = join(storage.list(prefix,
        new ListOptions("", ResourceVersionMatch.UNSET, 2, first.continueToken(), WEB)));

    assertEquals(List.of("o2", "o5"), names(first));
    assertNull(first.remainingItemCount(), "unknown when a filter drops objects");
    assertEquals(List.of("o8"), names(rest));
  }

  @Test
  void listContinueAfterCompactionFailsWithExpired() {
    for (String n : List.of("a", "b", "c")) {
      join(storage.create(key(n), configMap(n)));
    }
    ListResult first = join(storage.list(prefix, page(1, null)));
    join(storage.create(key("d"), configMap("d")));
    compactToNow();

    StorageException e = failure(storage.list(prefix, page(1, first.continueToken())));

    assertEquals(StorageException.Code.EXPIRED, e.code());
    assertTrue(e.getMessage().startsWith("The provided continue parameter is too old"), e.getMessage());
    assertNotNull(e.continueToken(), "a token that continues at the latest revision");
    assertEquals(List.of("b"), names(join(storage.list(prefix, page(1, e.continueToken())))));
  }

  @Test
  void listExactAtCompactedRevisionFailsWithExpired() {
    StoredObject a = join(storage.create(key("a"), configMap("a")));
    join(storage.create(key("b"), configMap("b")));
    compactToNow();

    StorageException e = failure(storage.list(prefix, exact(a.modRevision())));

    assertEquals(StorageException.Code.EXPIRED, e.code());
    assertTrue(e.getMessage().startsWith("too old resource version: " + a.modRevision()), e.getMessage());
  }

  @Test
  void listExactReadsAtThatRevision() {
    StoredObject a = join(storage.create(key("a"), configMap("a")));
    join(storage.create(key("b"), configMap("b")));

    ListResult list = join(storage.list(prefix, exact(a.modRevision())));

    assertEquals(List.of("a"), names(list));
    assertEquals(a.modRevision(), list.resourceVersion());
  }

  @Test
  void listNotOlderThanFutureRevisionFailsWithTooLargeResourceVersion() {
    long future = join(storage.currentRevision()) + 1000;

    StorageException e = failure(storage.list(prefix,
        new ListOptions(Long.toString(future), ResourceVersionMatch.NOT_OLDER_THAN, 0, null, null)));

    assertEquals(StorageException.Code.TOO_LARGE_RESOURCE_VERSION, e.code());
  }

  @Test
  void listWithInvalidContinueTokenFailsWithInvalidContinue() {
    assertEquals(StorageException.Code.INVALID_CONTINUE, failure(storage.list(prefix, page(1, "not-a-token"))).code());
  }

  // ---- watch ----

  @Test
  void watchFromResourceVersionDeliversEveryLaterChange() {
    StoredObject a = join(storage.create(key("a"), configMap("a")));
    StoredObject a2 = join(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false,
        c -> withData(c.object(), "key", "v2")));
    StoredObject b = join(storage.create(key("b"), configMap("b")));
    StoredObject gone = join(storage.delete(key("a"), Preconditions.NONE, DeleteValidation.NONE));
    Recorder recorder = new Recorder();

    try (WatchHandle ignored = storage.watch(prefix, fromRevision(a.modRevision(), null), recorder)) {
      await().atMost(WAIT).until(() -> recorder.changes().size() >= 3);
      assertEquals(List.of("MODIFIED a@" + a2.modRevision(), "ADDED b@" + b.modRevision(),
          "DELETED a@" + gone.modRevision()), recorder.described());
      assertFalse(recorder.closed());
    }
  }

  @Test
  void watchWithoutResourceVersionStartsWithCurrentState() {
    join(storage.create(key("a"), configMap("a")));
    join(storage.create(key("b"), configMap("b")));
    Recorder fromEmpty = new Recorder();
    Recorder fromZero = new Recorder();

    try (WatchHandle w1 = storage.watch(prefix, new WatchOptions("", false, false, null), fromEmpty);
        WatchHandle w2 = storage.watch(prefix, new WatchOptions("0", false, false, null), fromZero)) {
      await().atMost(WAIT).until(() -> fromEmpty.changes().size() == 2 && fromZero.changes().size() == 2);
      StoredObject c = join(storage.create(key("c"), configMap("c")));

      await().atMost(WAIT).until(() -> fromEmpty.changes().size() == 3 && fromZero.changes().size() == 3);
      assertEquals(List.of("ADDED", "ADDED", "ADDED"), types(fromEmpty));
      assertEquals("ADDED c@" + c.modRevision(), fromZero.described().get(2));
    }
  }

  @Test
  void watchFromCompactedRevisionReturnsExpired() {
    StoredObject a = join(storage.create(key("a"), configMap("a")));
    for (int i = 0; i < WINDOW + 4; i++) {
      String value = "v" + i;
      join(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false, c -> withData(c.object(), "key", value)));
    }
    compactToNow();
    Recorder recorder = new Recorder();

    storage.watch(prefix, fromRevision(a.modRevision(), null), recorder);

    await().atMost(WAIT).until(recorder::closed);
    assertEquals(StorageException.Code.EXPIRED, recorder.closedWith().code());
    assertTrue(recorder.closedWith().getMessage().startsWith("too old resource version: " + a.modRevision() + " ("),
        recorder.closedWith().getMessage());
    assertTrue(recorder.changes().isEmpty());
  }

  @Test
  void filteredWatchSeesObjectsEnterAndLeaveTheSelection() {
    long start = join(storage.currentRevision());
    Recorder recorder = new Recorder();
    try (WatchHandle ignored = storage.watch(prefix, fromRevision(start, WEB), recorder)) {
      StoredObject added = join(storage.create(key("a"), configMap("a", Map.of("app", "web"))));
      StoredObject left = relabel("a", "db");
      join(storage.create(key("b"), configMap("b", Map.of("app", "db"))));
      StoredObject back = relabel("a", "web");
      StoredObject changed = join(storage.guaranteedUpdate(key("a"), Preconditions.NONE, false,
          c -> withData(c.object(), "key", "v2")));
      StoredObject gone = join(storage.delete(key("a"), Preconditions.NONE, DeleteValidation.NONE));

      await().atMost(WAIT).until(() -> recorder.changes().size() >= 5);
      assertEquals(List.of("ADDED a@" + added.modRevision(), "DELETED a@" + left.modRevision(),
          "ADDED a@" + back.modRevision(), "MODIFIED a@" + changed.modRevision(), "DELETED a@" + gone.modRevision()),
          recorder.described());
      WatchEvent leaving = recorder.changes().get(1);
      assertEquals("web", leaving.object().object().path("metadata").path("labels").path("app").asText(),
          "a DELETED for leaving the selection carries the old object");
    }
  }

  @Test
  void sendInitialEventsEndsWithInitialEventsEndBookmark() {
    join(storage.create(key("a"), configMap("a")));
    StoredObject b = join(storage.create(key("b"), configMap("b")));
    Recorder recorder = new Recorder();

    try (WatchHandle ignored = storage.watch(prefix, new WatchOptions("", true, true, null), recorder)) {
      await().atMost(WAIT).until(() -> recorder.events().stream().anyMatch(WatchEvent::initialEventsEnd));
      List<WatchEvent> events = recorder.events();
      assertEquals(List.of("ADDED", "ADDED"), types(recorder).subList(0, 2));
      WatchEvent end = events.get(2);
      assertEquals(WatchEvent.Type.BOOKMARK, end.type());
      assertTrue(end.initialEventsEnd());
      assertTrue(end.revision() >= b.modRevision());

      StoredObject c = join(storage.create(key("c"), configMap("c")));
      await().atMost(WAIT).until(() -> recorder.changes().size() == 3);
      assertEquals("ADDED c@" + c.modRevision(), recorder.described().get(2));
    }
  }

  @Test
  void sendInitialEventsFromResourceVersionServesStateAtLeastThatNew() {
    join(storage.create(key("a"), configMap("a")));
    StoredObject b = join(storage.create(key("b"), configMap("b")));
    Recorder recorder = new Recorder();

    try (WatchHandle ignored = storage.watch(prefix,
        new WatchOptions(Long.toString(b.modRevision()), true, true, null), recorder)) {
      await().atMost(WAIT).until(() -> recorder.events().stream().anyMatch(WatchEvent::initialEventsEnd));
      assertEquals(List.of("ADDED", "ADDED", "BOOKMARK"), types(recorder).subList(0, 3));
      assertTrue(recorder.events().get(2).revision() >= b.modRevision());
    }
  }

  @Test
  void allowBookmarksDeliversPeriodicBookmarks() {
    StoredObject a = join(storage.create(key("a"), configMap("a")));
    Recorder recorder = new Recorder();

    try (WatchHandle ignored = storage.watch(prefix, new WatchOptions(Long.toString(a.modRevision()), false, true,
        null), recorder)) {
      join(storage.create(key("b"), configMap("b")));

      await().atMost(WAIT).until(() -> recorder.events().stream().filter(e -> e.type() == WatchEvent.Type.BOOKMARK)
          .count() >= 2);
      WatchEvent bookmark = recorder.events().stream().filter(e -> e.type() == WatchEvent.Type.BOOKMARK).findFirst()
          .orElseThrow();
      assertNull(bookmark.object());
      assertFalse(bookmark.initialEventsEnd());
      assertTrue(bookmark.revision() >= a.modRevision());
    }
  }

  @Test
  void closedWatchReceivesNoMoreEvents() {
    Recorder recorder = new Recorder();
    WatchHandle handle = storage.watch(prefix, new WatchOptions("0", false, false, null), recorder);
    join(storage.create(key("a"), configMap("a")));
    await().atMost(WAIT).until(() -> recorder.changes().size() == 1);

    handle.close();
    join(storage.create(key("b"), configMap("b")));
    StoredObject c = join(storage.create(key("c"), configMap("c")));
    Recorder witness = new Recorder();
    try (WatchHandle w = storage.watch(prefix, fromRevision(c.modRevision() - 1, null), witness)) {
      await().atMost(WAIT).until(() -> witness.changes().size() == 1);
    }

    assertEquals(1, recorder.changes().size());
    assertFalse(recorder.closed(), "closing the handle does not call onClose");
  }

  @Test
  void watchOfNamespaceSeesOnlyThatNamespace() {
    long start = join(storage.currentRevision());
    Recorder recorder = new Recorder();
    try (WatchHandle ignored = storage.watch(prefix + "ns/", fromRevision(start, null), recorder)) {
      join(storage.create(prefix + "other/a", configMap("a")));
      StoredObject mine = join(storage.create(key("b"), configMap("b")));

      await().atMost(WAIT).until(() -> recorder.changes().size() >= 1);
      assertEquals(List.of("ADDED b@" + mine.modRevision()), recorder.described());
    }
  }

  @Test
  void currentRevisionFollowsWrites() {
    long before = join(storage.currentRevision());
    StoredObject created = join(storage.create(key("a"), configMap("a")));

    assertTrue(created.modRevision() > before);
    assertTrue(join(storage.currentRevision()) >= created.modRevision());
  }

  // ---- helpers ----

  protected String key(String name) {
    return prefix + "ns/" + name;
  }

  protected KV kv() {
    return etcd().client().getKVClient();
  }

  /** Compacts etcd to its current revision; returns it. */
  protected long compactToNow() {
    try {
      long revision = kv().get(EtcdCodec.bytes("\u0000")).get().getHeader().getRevision();
      kv().compact(revision).get();
      return revision;
    } catch (Exception e) {
      throw new AssertionError("compaction failed", e);
    }
  }

  /** Writes straight to etcd, as another server would. */
  private void writeBehindStorage(String key, ObjectNode object) {
    try {
      kv().put(EtcdCodec.bytes(key), ByteSequence.from(EtcdCodec.encode(object).bytes())).get();
    } catch (Exception e) {
      throw new AssertionError("raw write failed", e);
    }
  }

  private StoredObject relabel(String name, String app) {
    return join(storage.guaranteedUpdate(key(name), Preconditions.NONE, false, c -> {
      ObjectNode copy = c.object().deepCopy();
      ((ObjectNode) copy.get("metadata").get("labels")).put("app", app);
      return copy;
    }));
  }

  private static ObjectNode withData(ObjectNode object, String field, String value) {
    ObjectNode copy = object.deepCopy();
    copy.withObjectProperty("data").put(field, value);
    return copy;
  }

  private static ListOptions page(long limit, String token) {
    return new ListOptions("", ResourceVersionMatch.UNSET, limit, token, ListOptions.EVERYTHING);
  }

  private static ListOptions exact(long revision) {
    return new ListOptions(Long.toString(revision), ResourceVersionMatch.EXACT, 0, null, null);
  }

  private static WatchOptions fromRevision(long revision, Predicate<ObjectNode> filter) {
    return new WatchOptions(Long.toString(revision), false, false, filter);
  }

  private static List<String> names(ListResult list) {
    return list.items().stream().map(StorageTesting::name).toList();
  }

  // ---- claims: keys an object holds exclusively, written in its transaction ----

  /** A ConfigMap holds the key named by its data.port (the shape of a Service's node port claim). */
  private Claims portClaims() {
    String claims = prefix.replace("/configmaps/", "/claims/");
    return object -> object.path("data").has("port")
        ? Map.of(claims + object.path("data").path("port").asText(), configMap(Meta.name(object)))
        : Map.of();
  }

  private String claimKey(String port) {
    return prefix.replace("/configmaps/", "/claims/") + port;
  }

  private static ObjectNode holding(String name, String port) {
    ObjectNode object = configMap(name);
    ((ObjectNode) object.path("data")).put("port", port);
    return object;
  }

  @Test
  void createTakesItsClaimsAndFailsNamingAClaimAnotherObjectHolds() {
    join(storage.create(key("a"), holding("a", "30001"), portClaims()));
    assertNotNull(join(storage.get(claimKey("30001"))));

    StorageException taken = failure(storage.create(key("b"), holding("b", "30001"), portClaims()));
    assertEquals(StorageException.Code.CLAIM_TAKEN, taken.code());
    assertEquals(claimKey("30001"), taken.key());
    assertEquals(StorageException.Code.KEY_NOT_FOUND, failure(storage.get(key("b"))).code(), "nothing written");
  }

  @Test
  void updateTakesNewClaimsReleasesDroppedOnesAndDeleteReleasesTheRest() {
    join(storage.create(key("a"), holding("a", "30001"), portClaims()));
    join(storage.create(key("b"), holding("b", "30002"), portClaims()));

    StorageException taken = failure(storage.guaranteedUpdate(key("a"), null, false,
        current -> holding("a", "30002"), portClaims()));
    assertEquals(StorageException.Code.CLAIM_TAKEN, taken.code());
    assertEquals("30001", join(storage.get(key("a"))).object().path("data").path("port").asText());

    join(storage.guaranteedUpdate(key("a"), null, false, current -> holding("a", "30003"), portClaims()));
    assertEquals(StorageException.Code.KEY_NOT_FOUND, failure(storage.get(claimKey("30001"))).code());
    assertNotNull(join(storage.get(claimKey("30003"))));

    join(storage.delete(key("a"), null, DeleteValidation.NONE, portClaims()));
    assertEquals(StorageException.Code.KEY_NOT_FOUND, failure(storage.get(claimKey("30003"))).code());
    assertNotNull(join(storage.create(key("c"), holding("c", "30001"), portClaims())));
  }

  private static List<String> types(Recorder recorder) {
    return recorder.events().stream().map(e -> e.type().name()).toList();
  }
}
