package dev.vkube.apiserver.storage.etcd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListOptions.ResourceVersionMatch;
import dev.vkube.apiserver.storage.StorageException;
import java.util.function.Predicate;

/**
 * How one list request reads etcd, decided from its options as etcd3 store.GetList does.
 *
 * @param startKey the first key to read (the prefix, or the continue token's key)
 * @param readRevision the revision to read at; 0 = the latest
 * @param minRevision the revision the read must have reached (NotOlderThan); 0 = any
 * @param continuing whether this continues an earlier page (a compaction then yields a fresh token)
 */
record ListPlan(
    String prefix, String startKey, long readRevision, long minRevision, long limit,
    Predicate<ObjectNode> filter, boolean continuing) {

  boolean paging() {
    return limit > 0;
  }

  boolean unfiltered() {
    return filter == ListOptions.EVERYTHING;
  }

  static ListPlan of(String prefix, ListOptions options) {
    String rv = options.resourceVersion() == null ? "" : options.resourceVersion();
    long fromRevision = rv.isEmpty() ? 0 : parseResourceVersion(rv);
    long limit = Math.max(0, options.limit());
    Predicate<ObjectNode> filter = options.filter() == null ? ListOptions.EVERYTHING : options.filter();
    String token = options.continueToken();
    if (token != null && !token.isEmpty()) {
      if (!rv.isEmpty() && !rv.equals("0")) {
        throw new StorageException(StorageException.Code.INVALID_CONTINUE, prefix,
            "specifying resource version is not allowed when using continue");
      }
      ContinueToken decoded = ContinueToken.decode(token, prefix);
      return new ListPlan(prefix, decoded.key(), Math.max(0, decoded.revision()), 0, limit, filter, true);
    }
    return new ListPlan(prefix, prefix, readRevision(options.match(), fromRevision, limit), fromRevision, limit,
        filter, false);
  }

  /** Exact reads at N; so does the legacy (unset) match with a limit; otherwise read the latest. */
  private static long readRevision(ResourceVersionMatch match, long fromRevision, long limit) {
    if (match == ResourceVersionMatch.EXACT) {
      return fromRevision;
    }
    if ((match == null || match == ResourceVersionMatch.UNSET) && limit > 0) {
      return fromRevision;
    }
    return 0;
  }

  /**
   * Parses a client's resourceVersion. An unparsable one fails with {@code INVALID_CONTINUE} because
   * that is the 400 code storage has; the HTTP layer should refuse it before storage sees it.
   */
  static long parseResourceVersion(String rv) {
    try {
      long value = Long.parseLong(rv);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StorageException(StorageException.Code.INVALID_CONTINUE, null, "invalid resource version: " + rv);
  }
}
