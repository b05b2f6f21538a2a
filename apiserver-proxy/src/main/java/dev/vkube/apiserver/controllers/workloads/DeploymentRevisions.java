package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The annotations and labels a Deployment keeps on its ReplicaSets (deployment_util.go): the
 * pod-template-hash label, deployment.kubernetes.io/revision (read by kubectl rollout history and
 * undo), revision-history, desired-replicas and max-replicas, and the Deployment's own annotations.
 */
final class DeploymentRevisions {
  static final String HASH_LABEL = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  /** Annotations never copied from a Deployment to its ReplicaSets (annotationsToSkip). */
  static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
      REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

  static final Comparator<JsonNode> BY_CREATION = Comparator
      .comparing((JsonNode rs) -> rs.path("metadata").path("creationTimestamp").asText(""))
      .thenComparing(rs -> Meta.name(rs));

  private DeploymentRevisions() {}

  static long revision(JsonNode rs) {
    try {
      return Long.parseLong(rs.path("metadata").path("annotations").path(REVISION).asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static int replicas(JsonNode rs) {
    return rs.path("spec").path("replicas").asInt(0);
  }

  static long maxRevision(List<ObjectNode> replicaSets) {
    return replicaSets.stream().mapToLong(DeploymentRevisions::revision).max().orElse(0);
  }

  /** EqualIgnoreHash: templates equal once the pod-template-hash label is removed. */
  static boolean sameTemplate(JsonNode a, JsonNode b) {
    return TemplateHash.normalize(withoutHash(a)).equals(TemplateHash.normalize(withoutHash(b)));
  }

  static JsonNode withoutHash(JsonNode template) {
    ObjectNode copy = template.deepCopy();
    JsonNode labels = copy.path("metadata").path("labels");
    if (labels instanceof ObjectNode l) {
      l.remove(HASH_LABEL);
    }
    return copy;
  }

  /** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
  static ObjectNode findNew(JsonNode deployment, List<ObjectNode> replicaSets) {
    JsonNode template = deployment.path("spec").path("template");
    return replicaSets.stream().filter(rs -> sameTemplate(rs.path("spec").path("template"), template))
        .min(BY_CREATION).orElse(null);
  }

  /**
   * SetNewReplicaSetAnnotations: copies the Deployment's annotations and moves the revision forward
   * (keeping the ones it had in revision-history); a ReplicaSet about to be created also gets its sizes
   * (an existing one gets them when scaled, so that a scaling event stays visible). True when changed.
   */
  static boolean annotate(ObjectNode rs, JsonNode deployment, long newRevision, RollingUpdate sizes) {
    ObjectNode annotations = Meta.metadata(rs).with("annotations");
    ObjectNode before = annotations.deepCopy();
    deployment.path("metadata").path("annotations").fields().forEachRemaining(e -> {
      if (!NOT_COPIED.contains(e.getKey())) {
        annotations.set(e.getKey(), e.getValue());
      }
    });
    long old = revision(rs);
    if (old < newRevision) {
      if (old > 0) {
        String history = annotations.path(REVISION_HISTORY).asText("");
        annotations.put(REVISION_HISTORY, history.isEmpty() ? Long.toString(old) : history + "," + old);
      }
      annotations.put(REVISION, Long.toString(newRevision));
    }
    if (sizes != null) {
      annotations.put(DESIRED_REPLICAS, Integer.toString(sizes.replicas()));
      annotations.put(MAX_REPLICAS, Integer.toString(sizes.maxReplicas()));
    }
    return !annotations.equals(before);
  }

  /** A new ReplicaSet for the Deployment's template: named and labelled by the template hash. */
  static ObjectNode newReplicaSet(JsonNode deployment, String hash, int replicas, long revision,
      RollingUpdate rolling) {
    ObjectNode rs = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    rs.put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
    ObjectNode meta = rs.putObject("metadata");
    meta.put("name", Meta.name(deployment) + "-" + hash);
    ObjectNode template = deployment.path("spec").path("template").deepCopy();
    template.with("metadata").with("labels").put(HASH_LABEL, hash);
    meta.set("labels", template.path("metadata").path("labels").deepCopy());
    Owners.setController(rs, Kind.DEPLOYMENT, deployment);
    ObjectNode spec = rs.putObject("spec");
    spec.put("replicas", replicas);
    spec.put("minReadySeconds", deployment.path("spec").path("minReadySeconds").asInt(0));
    ObjectNode selector = deployment.path("spec").path("selector").deepCopy();
    selector.with("matchLabels").put(HASH_LABEL, hash);
    spec.set("selector", selector);
    spec.set("template", template);
    annotate(rs, deployment, revision, rolling);
    return rs;
  }
}
