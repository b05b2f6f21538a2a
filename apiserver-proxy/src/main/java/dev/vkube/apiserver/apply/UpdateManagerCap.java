package dev.vkube.apiserver.apply;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps at most {@link #MAX_UPDATE_MANAGERS} Update entries by merging the oldest into one
 * {@code ancient-changes} entry per apiVersion (capmanagers.go), so managedFields stay bounded.
 */
final class UpdateManagerCap {
  static final int MAX_UPDATE_MANAGERS = 10;
  static final String ANCIENT_CHANGES = "ancient-changes";

  private UpdateManagerCap() {}

  static Map<ManagerEntry.Id, ManagerEntry> apply(Map<ManagerEntry.Id, ManagerEntry> managed) {
    List<ManagerEntry> updaters = managed.values().stream().filter(e -> !e.applied())
        .sorted(Comparator.comparingLong((ManagerEntry e) -> e.time() == null ? 0 : e.time().getEpochSecond())
            .thenComparing(e -> e.id().json()))
        .toList();
    if (updaters.size() <= MAX_UPDATE_MANAGERS) {
      return managed;
    }
    Map<ManagerEntry.Id, ManagerEntry> next = new LinkedHashMap<>(managed);
    Map<String, ManagerEntry.Id> firstOfVersion = new HashMap<>();
    int length = updaters.size();
    for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
      ManagerEntry entry = updaters.get(i);
      ManagerEntry.Id bucket = new ManagerEntry.Id(ANCIENT_CHANGES, false, entry.apiVersion(), "");
      ManagerEntry.Id first = firstOfVersion.putIfAbsent(entry.apiVersion(), entry.id());
      if (first == null) {
        continue;
      }
      if (!next.containsKey(bucket)) {
        ManagerEntry moved = next.remove(first);
        next.put(bucket, new ManagerEntry(ANCIENT_CHANGES, false, entry.apiVersion(), moved.time(), "", moved.fields()));
      }
      next.put(bucket, next.get(bucket).withFields(next.get(bucket).fields().union(entry.fields())).withTime(entry.time()));
      next.remove(entry.id());
      length--;
    }
    return next;
  }
}
