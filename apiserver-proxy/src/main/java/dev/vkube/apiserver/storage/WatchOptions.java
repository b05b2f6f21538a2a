package dev.vkube.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * A watch request. {@code resourceVersion}: "" or "0" = start with synthetic ADDED events for the
 * current state, then changes; "N" = every change after revision N (EXPIRED when N is older than the
 * window). {@code sendInitialEvents}: initial ADDED events for the state at (at least) N, then a
 * BOOKMARK annotated {@code k8s.io/initial-events-end: "true"}. {@code allowBookmarks}: periodic
 * BOOKMARK events. {@code filter}: per-watcher selection; an object that stops matching is DELETED for
 * this watcher, one that starts matching ADDED (cacher semantics).
 */
public record WatchOptions(
    String resourceVersion, boolean sendInitialEvents, boolean allowBookmarks, Predicate<ObjectNode> filter) {}
