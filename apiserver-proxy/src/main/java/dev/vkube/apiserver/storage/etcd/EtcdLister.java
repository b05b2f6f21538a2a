package dev.vkube.apiserver.storage.etcd;

import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Lists a prefix from etcd with etcd3 store.GetList's semantics: pages of {@code limit} keys, later
 * pages at the first page's revision, and with a filter more etcd pages (doubling up to 10,000 keys)
 * until {@code limit} objects match. Decoding runs on {@code executor}, never on jetcd's threads.
 */
final class EtcdLister {
  static final long MAX_PAGE = 10_000;
  static final String CONTINUE_EXPIRED = "The provided continue parameter is too old to display a consistent "
      + "list result. You can start a new list without the continue parameter, or use the continue value "
      + "from the response.";
  // Some probe key: a watch at a compacted revision is cancelled with the compaction revision whatever the key.
  private static final String PROBE_KEY = "\u0000vkube-compaction-probe";
  private static final long PROBE_TIMEOUT_MS = 2_000;

  private final Client client;
  private final Executor executor;

  EtcdLister(Client client, Executor executor) {
    this.client = client;
    this.executor = executor;
  }

  CompletionStage<ListResult> list(String prefix, ListOptions options) {
    ListPlan plan;
    try {
      plan = ListPlan.of(prefix, options);
    } catch (StorageException e) {
      return CompletableFuture.failedFuture(e);
    }
    Pager pager = new Pager(plan);
    pager.fetch(plan.startKey(), plan.paging() ? plan.limit() : 0);
    return pager.result;
  }

  /** One list request's state, touched by one page callback at a time. */
  private final class Pager {
    private final ListPlan plan;
    private final CompletableFuture<ListResult> result = new CompletableFuture<>();
    private final List<StoredObject> items = new ArrayList<>();
    private long revision;
    private String lastKey;

    Pager(ListPlan plan) {
      this.plan = plan;
      this.revision = plan.readRevision();
    }

    void fetch(String from, long fetchLimit) {
      GetOption.Builder option = GetOption.builder().withRange(EtcdCodec.prefixEnd(plan.prefix()));
      if (fetchLimit > 0) {
        option.withLimit(fetchLimit);
      }
      if (revision > 0) {
        option.withRevision(revision);
      }
      client.getKVClient().get(EtcdCodec.bytes(from), option.build()).whenCompleteAsync((page, failure) -> {
        try {
          if (failure != null) {
            fail(failure);
          } else {
            onPage(page, fetchLimit);
          }
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      }, executor);
    }

    private void onPage(GetResponse page, long fetchLimit) {
      boolean more = page.isMore();
      for (KeyValue kv : page.getKvs()) {
        if (plan.paging() && items.size() >= plan.limit()) {
          more = true;
          break;
        }
        StoredObject object = EtcdCodec.decode(kv);
        lastKey = object.key();
        if (plan.filter().test(object.object())) {
          items.add(object);
        }
      }
      if (revision == 0) {
        revision = page.getHeader().getRevision();
      }
      if (more && plan.paging() && items.size() < plan.limit()) {
        // The filter dropped objects: read on, in larger pages, until the limit is met.
        fetch(lastKey + "\u0000", Math.min(fetchLimit * 2, MAX_PAGE));
        return;
      }
      finish(page, more);
    }

    private void finish(GetResponse lastPage, boolean more) {
      if (plan.minRevision() > lastPage.getHeader().getRevision()) {
        result.completeExceptionally(tooLarge(plan.minRevision(), lastPage.getHeader().getRevision()));
        return;
      }
      if (!more) {
        result.complete(new ListResult(items, revision, null, null));
        return;
      }
      String token = ContinueToken.encode(plan.prefix(), lastKey + "\u0000", revision);
      // etcd's count covers objects the filter drops, so it is only reported without a filter.
      Long remaining = plan.unfiltered() ? Math.max(0, lastPage.getCount() - plan.limit()) : null;
      result.complete(new ListResult(items, revision, token, remaining));
    }

    private void fail(Throwable failure) {
      if (EtcdFailures.isCompacted(failure) && plan.continuing()) {
        String fresh = ContinueToken.encode(plan.prefix(), plan.startKey(), -1);
        result.completeExceptionally(new StorageException(
            StorageException.Code.EXPIRED, plan.prefix(), CONTINUE_EXPIRED, null, fresh));
      } else if (EtcdFailures.isCompacted(failure)) {
        compactedRevision(revision).whenComplete((compacted, e) ->
            result.completeExceptionally(tooOld(revision, compacted == null ? 0 : compacted)));
      } else if (EtcdFailures.isFutureRevision(failure)) {
        currentRevision().whenComplete((current, e) ->
            result.completeExceptionally(tooLarge(revision, current == null ? 0 : current)));
      } else {
        result.completeExceptionally(EtcdFailures.translate(failure, plan.prefix()));
      }
    }
  }

  private CompletableFuture<Long> currentRevision() {
    return client.getKVClient().get(EtcdCodec.bytes(PROBE_KEY)).thenApply(r -> r.getHeader().getRevision());
  }

  /**
   * The revision etcd compacted to, for the error message: a range error does not say, but a watch
   * from a compacted revision is cancelled with it. 0 when it cannot be learned quickly.
   */
  private CompletableFuture<Long> compactedRevision(long revision) {
    CompletableFuture<Long> compacted = new CompletableFuture<>();
    Watch.Watcher probe = client.getWatchClient().watch(EtcdCodec.bytes(PROBE_KEY),
        WatchOption.builder().withRevision(Math.max(1, revision)).build(),
        Watch.listener(response -> compacted.complete(0L),
            e -> compacted.complete(EtcdFailures.unwrap(e) instanceof CompactedException c ? c.getCompactedRevision() : 0L),
            () -> compacted.complete(0L)));
    return compacted.completeOnTimeout(0L, PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> probe.close());
  }

  static StorageException tooOld(long requested, long compacted) {
    String oldest = compacted > 0 ? " (" + compacted + ")" : "";
    return new StorageException(StorageException.Code.EXPIRED, null,
        "too old resource version: " + requested + oldest);
  }

  /** storage.NewTooLargeResourceVersionError's message. */
  static StorageException tooLarge(long requested, long current) {
    return new StorageException(StorageException.Code.TOO_LARGE_RESOURCE_VERSION, null,
        "Too large resource version: " + requested + ", current: " + current);
  }
}
