package dev.vkube.apiserver.storage;

import java.util.List;

/**
 * A page of a list: the items in key order, the revision the list was read at, the token for the next
 * page (null when none) and, when known, how many items remain after this page.
 */
public record ListResult(List<StoredObject> items, long resourceVersion, String continueToken, Long remainingItemCount) {}
