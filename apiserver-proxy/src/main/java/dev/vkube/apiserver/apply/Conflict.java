package dev.vkube.apiserver.apply;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.StatusCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A field an apply would change that another manager owns (merge.Conflict). */
record Conflict(ManagerEntry.Id owner, FieldPath path) {
  static final String CAUSE_REASON = "FieldManagerConflict";

  /** Conflicts in a stable order: by manager identifier, then by path. */
  static List<Conflict> sorted(List<Conflict> conflicts) {
    List<Conflict> list = new ArrayList<>(conflicts);
    list.sort(Comparator.comparing((Conflict c) -> c.owner().json()).thenComparing(Conflict::path));
    return list;
  }

  /**
   * The 409 kube-apiserver answers (fieldmanager internal/conflict.go NewConflictError): one cause per
   * field, and a message naming one conflict inline or listing several grouped by manager.
   */
  static ApiException error(List<Conflict> conflicts) {
    List<Conflict> list = sorted(conflicts);
    List<StatusCause> causes = list.stream()
        .map(c -> new StatusCause(CAUSE_REASON, "conflict with " + c.owner().describe(), c.path().toString()))
        .toList();
    return new ApiException(409, "Conflict", message(list), null, null, null, causes, null);
  }

  private static String message(List<Conflict> list) {
    if (list.size() == 1) {
      Conflict only = list.get(0);
      return "Apply failed with 1 conflict: conflict with " + only.owner().describe() + ": " + only.path();
    }
    Map<ManagerEntry.Id, List<FieldPath>> byOwner = new LinkedHashMap<>();
    list.forEach(c -> byOwner.computeIfAbsent(c.owner(), k -> new ArrayList<>()).add(c.path()));
    String body = byOwner.entrySet().stream()
        .map(e -> "conflicts with " + e.getKey().describe() + ":\n"
            + e.getValue().stream().map(p -> "- " + p).collect(Collectors.joining("\n")))
        .collect(Collectors.joining("\n"));
    return "Apply failed with " + list.size() + " conflicts: " + body;
  }
}
