package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The ControllerRevisions of a StatefulSet or DaemonSet (pkg/controller/history): each distinct pod
 * template is stored once as a patch {@code {"spec":{"template":{..., "$patch":"replace"}}}}, named
 * {@code <owner>-<hash>} and numbered; returning to an old template renumbers its revision.
 */
final class ControllerRevisions {
  static final String HASH_LABEL = "controller.kubernetes.io/hash";

  private final WorkloadClient client;
  private final OwnedIndex revisions;

  ControllerRevisions(WorkloadClient client, OwnedIndex revisions) {
    this.client = client;
    this.revisions = revisions;
  }

  static ObjectNode data(JsonNode owner) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    ObjectNode template = owner.path("spec").path("template").deepCopy();
    template.put("$patch", "replace");
    data.putObject("spec").set("template", template);
    return data;
  }

  static JsonNode template(JsonNode revision) {
    ObjectNode template = revision.path("data").path("spec").path("template").deepCopy();
    template.remove("$patch");
    return template;
  }

  static long number(JsonNode revision) {
    return revision.path("revision").asLong(0);
  }

  List<ObjectNode> owned(JsonNode owner) {
    return revisions.owned(Meta.uid(owner)).stream().sorted(Comparator.comparingLong(ControllerRevisions::number))
        .toList();
  }

  /** The revision of the owner's current template, created or renumbered to be the latest. */
  ObjectNode current(Kind ownerKind, ObjectNode owner, List<ObjectNode> existing) {
    ObjectNode data = data(owner);
    JsonNode normalized = TemplateHash.normalize(data);
    long latest = existing.stream().mapToLong(ControllerRevisions::number).max().orElse(0);
    for (ObjectNode revision : existing) {
      if (TemplateHash.normalize(revision.path("data")).equals(normalized)) {
        if (number(revision) == latest) {
          return revision;
        }
        return client.update(Kind.CONTROLLER_REVISION, Meta.namespace(owner), Meta.name(revision), r -> {
          r.put("revision", latest + 1);
          return r;
        });
      }
    }
    long collisions = owner.path("status").path("collisionCount").asLong(0);
    String hash = TemplateHash.of(data, collisions);
    ObjectNode revision = JsonNodeFactory.instance.objectNode();
    revision.put("apiVersion", "apps/v1").put("kind", "ControllerRevision");
    ObjectNode meta = revision.putObject("metadata");
    meta.put("name", Meta.name(owner) + "-" + hash);
    ObjectNode labels = owner.path("spec").path("template").path("metadata").path("labels").isObject()
        ? owner.path("spec").path("template").path("metadata").path("labels").deepCopy()
        : JsonNodeFactory.instance.objectNode();
    labels.put(HASH_LABEL, hash);
    meta.set("labels", labels);
    Owners.setController(revision, ownerKind, owner);
    revision.set("data", data);
    revision.put("revision", latest + 1);
    // A 409 (made by an earlier sync the cache does not show yet) fails this sync, which is retried.
    return client.create(Kind.CONTROLLER_REVISION, Meta.namespace(owner), revision);
  }

  /** Deletes the oldest revisions beyond revisionHistoryLimit that no pod and no status still names. */
  void truncate(JsonNode owner, List<ObjectNode> existing, Set<String> live) {
    int limit = owner.path("spec").path("revisionHistoryLimit").asInt(10);
    List<ObjectNode> history = existing.stream().filter(r -> !live.contains(Meta.name(r))).toList();
    for (int i = 0; i < history.size() - limit; i++) {
      ObjectNode r = history.get(i);
      client.delete(Kind.CONTROLLER_REVISION, Meta.namespace(r), Meta.name(r), Meta.uid(r), null);
    }
  }
}
