package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side apply and managedFields tracking, after k8s.io/apimachinery pkg/util/managedfields (the
 * manager chain NewDefaultFieldManager builds) over structured-merge-diff's merge.Updater. Pure: the
 * caller passes the live object, the request's object, the manager name and the time, and persists what
 * comes back. Neither input is modified.
 */
public final class FieldManager {
  /** The manager that owns what an object held before its first apply (skipnonapplied.go). */
  public static final String BEFORE_FIRST_APPLY = "before-first-apply";
  /** kubectl's server-side apply manager; only it upgrades from client-side apply (lastappliedmanager.go). */
  public static final String KUBECTL = "kubectl";

  private static final List<FieldPath> STRIPPED = List.of(FieldPath.of("apiVersion"), FieldPath.of("kind"),
      FieldPath.of("metadata"), FieldPath.of("metadata", "name"), FieldPath.of("metadata", "namespace"),
      FieldPath.of("metadata", "creationTimestamp"), FieldPath.of("metadata", "selfLink"),
      FieldPath.of("metadata", "uid"), FieldPath.of("metadata", "clusterName"),
      FieldPath.of("metadata", "generation"), FieldPath.of("metadata", "managedFields"),
      FieldPath.of("metadata", "resourceVersion"));

  /**
   * Records a create ({@code liveOrNull} null), update or non-apply patch: the fields that changed move to
   * {@code manager}'s Update entry; fields removed from the object leave every entry. managedFields in
   * {@code newObject} replace the live ones unless this is a subresource write (so a client may rewrite
   * them, as kubectl does to upgrade from client-side apply); an empty list resets them. An existing
   * object without managedFields stays untracked until its first apply.
   */
  public ObjectNode update(ObjectNode liveOrNull, ObjectNode newObject, String manager, String subresource,
      Instant now) {
    String sub = subresource == null ? "" : subresource;
    Map<ManagerEntry.Id, ManagerEntry> managed = managedForUpdate(liveOrNull, newObject, sub);
    ObjectNode result = withoutManagedFields(newObject);
    if (managed.isEmpty() && liveOrNull != null) {
      return result;
    }
    ObjectNode before = liveOrNull == null ? JsonNodeFactory.instance.objectNode() : withoutManagedFields(liveOrNull);
    FieldSchema schema = FieldSchema.forObject(result);
    managed = recordUpdate(schema, managed, before, result, manager, apiVersion(result, before), sub, now);
    ManagedFields.write(result, UpdateManagerCap.apply(managed).values());
    return result;
  }

  /**
   * Server-side apply of {@code applied} (the request body) onto {@code liveOrNull} (null to create).
   * Throws a 409 Conflict naming each field whose value would change while another manager owns it,
   * unless {@code force}, which takes those fields over; a 400 when the body carries managedFields.
   */
  public ObjectNode apply(ObjectNode liveOrNull, ObjectNode applied, String manager, boolean force,
      String subresource, Instant now) {
    JsonNode requestManaged = applied.path("metadata").get("managedFields");
    if (requestManaged != null && !requestManaged.isNull()) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
    String sub = subresource == null ? "" : subresource;
    ObjectNode live = liveOrNull == null ? JsonNodeFactory.instance.objectNode() : withoutManagedFields(liveOrNull);
    FieldSchema schema = FieldSchema.forObject(applied.has("apiVersion") ? applied : live);
    String apiVersion = apiVersion(applied, live);
    Map<ManagerEntry.Id, ManagerEntry> managed = decodeLive(liveOrNull);
    if (managed.isEmpty() && liveOrNull != null) {
      managed = recordUpdate(schema, managed, JsonNodeFactory.instance.objectNode(), live, BEFORE_FIRST_APPLY,
          apiVersion(live, applied), sub, now);
    }
    ManagerEntry.Id applier = new ManagerEntry.Id(manager, true, "", sub);
    Applied outcome = applyWithLastApplied(new Request(schema, live, applied, applier, apiVersion, sub), managed, force);
    ObjectNode result = outcome.object();
    Map<ManagerEntry.Id, ManagerEntry> entries = stripApplier(outcome.managed(), applier);
    ManagerEntry previous = managed.get(applier);
    ManagerEntry mine = entries.get(applier);
    if (mine != null && (previous == null || previous.time() == null || !result.equals(live))) {
      entries.put(applier, mine.withTime(now));
    }
    if (manager.equals(KUBECTL)) {
      LastApplied.refresh(result, applied);
    }
    ManagedFields.write(result, entries.values());
    return result;
  }

  private record Request(FieldSchema schema, ObjectNode live, ObjectNode config, ManagerEntry.Id applier,
      String apiVersion, String subresource) {}

  private record Applied(ObjectNode object, Map<ManagerEntry.Id, ManagerEntry> managed) {}

  /** Thrown inside an apply when other managers own fields it changes; becomes the 409 at the end. */
  private static final class ConflictsFound extends RuntimeException {
    private final List<Conflict> conflicts;

    ConflictsFound(List<Conflict> conflicts) {
      super(null, null, false, false);
      this.conflicts = conflicts;
    }
  }

  /**
   * kubectl's first server-side apply over client-side-applied fields: conflicts on fields whose live
   * value still matches the last-applied annotation are forced (lastappliedmanager.go).
   */
  private Applied applyWithLastApplied(Request request, Map<ManagerEntry.Id, ManagerEntry> managed, boolean force) {
    try {
      return applyOnce(request, managed, force);
    } catch (ConflictsFound found) {
      if (!request.applier().manager().equals(KUBECTL)) {
        throw Conflict.error(found.conflicts);
      }
      FieldSet allowed = LastApplied.allowedConflicts(request.schema(), request.live(), request.apiVersion());
      if (allowed == null) {
        throw Conflict.error(found.conflicts);
      }
      List<Conflict> remaining = found.conflicts.stream().filter(c -> !allowed.contains(c.path())).toList();
      if (!remaining.isEmpty()) {
        throw Conflict.error(remaining);
      }
      return applyOnce(request, managed, true);
    }
  }

  /**
   * merge.Updater.Apply: merge the configuration, give the applier exactly the fields it applied, prune
   * what it applied last time but no longer does and nobody else owns, then take changed fields from
   * their other owners (or fail when not forced).
   */
  private Applied applyOnce(Request request, Map<ManagerEntry.Id, ManagerEntry> managed, boolean force) {
    FieldSchema schema = request.schema();
    FieldSet configured = excludeIgnored(ApplyMerge.fieldsOf(schema, request.config()), request.subresource());
    ManagerEntry previous = managed.get(request.applier());
    Map<ManagerEntry.Id, ManagerEntry> next = new LinkedHashMap<>(managed);
    next.put(request.applier(), new ManagerEntry(request.applier().manager(), true, request.apiVersion(),
        previous == null ? null : previous.time(), request.subresource(), configured));
    ObjectNode merged = ApplyMerge.merge(schema, request.live(), request.config());
    if (previous != null) {
      FieldSet ownedByAnyone = next.values().stream().map(ManagerEntry::fields).reduce(FieldSet.EMPTY, FieldSet::union);
      merged = ApplyMerge.remove(schema, merged, ApplyMerge.toPrune(previous.fields(), ownedByAnyone));
    }
    Comparison diff = compare(schema, request.live(), merged, request.subresource());
    List<Conflict> conflicts = new ArrayList<>();
    next.forEach((id, entry) -> {
      if (!id.equals(request.applier())) {
        entry.fields().intersection(diff.changed()).sorted().forEach(p -> conflicts.add(new Conflict(id, p)));
      }
    });
    if (!force && !conflicts.isEmpty()) {
      throw new ConflictsFound(conflicts);
    }
    return new Applied(merged, withoutChanged(next, diff, request.applier()));
  }

  /**
   * merge.Updater.Update with managedFieldsUpdater around it: every entry loses the changed and removed
   * fields; the changed ones (minus stripped metadata) join {@code manager}'s Update entry, stamped now.
   */
  private Map<ManagerEntry.Id, ManagerEntry> recordUpdate(FieldSchema schema, Map<ManagerEntry.Id, ManagerEntry> managed,
      ObjectNode before, ObjectNode after, String manager, String apiVersion, String sub, Instant now) {
    Comparison diff = compare(schema, before, after, sub);
    Map<ManagerEntry.Id, ManagerEntry> next = withoutChanged(managed, diff, null);
    FieldSet changed = strip(diff.changed());
    if (!changed.isEmpty()) {
      ManagerEntry mine = new ManagerEntry(manager, false, apiVersion, now, sub, changed);
      ManagerEntry previous = next.get(mine.id());
      next.put(mine.id(), previous == null ? mine : mine.withFields(previous.fields().union(changed)));
    }
    return next;
  }

  private static Map<ManagerEntry.Id, ManagerEntry> withoutChanged(Map<ManagerEntry.Id, ManagerEntry> managed,
      Comparison diff, ManagerEntry.Id keep) {
    Map<ManagerEntry.Id, ManagerEntry> next = new LinkedHashMap<>();
    managed.forEach((id, entry) -> {
      FieldSet fields = id.equals(keep) ? entry.fields()
          : entry.fields().difference(diff.changed()).difference(diff.removed());
      if (!fields.isEmpty()) {
        next.put(id, entry.withFields(fields));
      }
    });
    return next;
  }

  private static Comparison compare(FieldSchema schema, ObjectNode before, ObjectNode after, String sub) {
    Comparison diff = Comparison.of(schema, before, after, true);
    return new Comparison(excludeIgnored(diff.added(), sub), excludeIgnored(diff.modified(), sub),
        excludeIgnored(diff.removed(), sub));
  }

  /**
   * The strategies' reset fields: a write to the main resource never owns status, a status write never
   * owns spec (GetResetFields of the built-in strategies with a status subresource).
   */
  private static FieldSet excludeIgnored(FieldSet fields, String sub) {
    if (sub.isEmpty()) {
      return fields.withoutPrefix(FieldPath.of("status"));
    }
    return sub.equals("status") ? fields.withoutPrefix(FieldPath.of("spec")) : fields;
  }

  private static FieldSet strip(FieldSet fields) {
    return fields.filter(p -> !STRIPPED.contains(p));
  }

  private static Map<ManagerEntry.Id, ManagerEntry> stripApplier(Map<ManagerEntry.Id, ManagerEntry> managed,
      ManagerEntry.Id applier) {
    Map<ManagerEntry.Id, ManagerEntry> next = new LinkedHashMap<>(managed);
    ManagerEntry mine = next.remove(applier);
    if (mine != null && !strip(mine.fields()).isEmpty()) {
      next.put(applier, mine.withFields(strip(mine.fields())));
    }
    return next;
  }

  /**
   * decodeLiveOrNew: the request's managedFields when it may set them and they decode to something; an
   * explicit empty list (or one empty entry) resets; otherwise the live ones.
   */
  private static Map<ManagerEntry.Id, ManagerEntry> managedForUpdate(ObjectNode live, ObjectNode newObject, String sub) {
    if (!sub.isEmpty()) {
      return decodeOrEmpty(live);
    }
    JsonNode requested = newObject.path("metadata").get("managedFields");
    if (requested != null && requested.isArray()
        && (requested.isEmpty() || (requested.size() == 1 && requested.get(0).isEmpty()))) {
      return new LinkedHashMap<>();
    }
    Map<ManagerEntry.Id, ManagerEntry> fromRequest = decodeOrEmpty(newObject);
    return fromRequest.isEmpty() ? decodeOrEmpty(live) : fromRequest;
  }

  private static Map<ManagerEntry.Id, ManagerEntry> decodeOrEmpty(ObjectNode object) {
    try {
      return ManagedFields.decode(object);
    } catch (IllegalArgumentException e) {
      return new LinkedHashMap<>();
    }
  }

  private static Map<ManagerEntry.Id, ManagerEntry> decodeLive(ObjectNode live) {
    try {
      return ManagedFields.decode(live);
    } catch (IllegalArgumentException e) {
      throw ApiException.internal("failed to decode managed fields: " + e.getMessage());
    }
  }

  private static ObjectNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    return copy;
  }

  private static String apiVersion(JsonNode object, JsonNode fallback) {
    String version = object.path("apiVersion").asText("");
    return version.isEmpty() ? fallback.path("apiVersion").asText("") : version;
  }
}
