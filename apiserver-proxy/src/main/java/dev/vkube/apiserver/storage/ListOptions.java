package dev.vkube.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * A list request. {@code resourceVersion} is the client's string ("" = most recent, consistent;
 * "0" = any, from the cache; "N" = per {@code match}); {@code limit} 0 = no limit; {@code filter}
 * selects objects (label and field selectors), applied before the limit counts them ({@link
 * #EVERYTHING} or null when there is no selector).
 */
public record ListOptions(
    String resourceVersion, ResourceVersionMatch match, long limit, String continueToken,
    Predicate<ObjectNode> filter) {

  /**
   * The filter that selects everything. Pass this very instance (not an equivalent lambda) when there
   * is no selector: storage then knows the list is unfiltered and reports remainingItemCount.
   */
  public static final Predicate<ObjectNode> EVERYTHING = o -> true;

  public static final ListOptions ALL = new ListOptions("", ResourceVersionMatch.UNSET, 0, null, EVERYTHING);

  public enum ResourceVersionMatch { UNSET, NOT_OLDER_THAN, EXACT }
}
