package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.api.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * The autoscaling/v1 Scale view of a scalable object (pkg/registry/apps/deployment ScaleREST and the
 * CRD scale subresource): reads render a Scale, writes change only the replicas of the parent.
 */
public final class ScaleSubresource {
  private final GenericStore store;
  private final ScalePaths paths;

  public ScaleSubresource(GenericStore store, ScalePaths paths) {
    this.store = store;
    this.paths = paths;
  }

  public CompletionStage<ObjectNode> get(String namespace, String name) {
    return store.get(namespace, name).thenApply(stored -> toScale(stored.object()));
  }

  /** Applies {@code computeNew} to the current Scale and writes the replicas it asks for. */
  public CompletionStage<ObjectNode> update(String namespace, String name, UnaryOperator<ObjectNode> computeNew,
      WriteContext context) {
    return store.update(namespace, name, "scale", current -> {
      ObjectNode scale = computeNew.apply(toScale(current));
      String wantedVersion = Meta.resourceVersion(scale);
      if (wantedVersion != null && !wantedVersion.isEmpty() && !wantedVersion.equals(Meta.resourceVersion(current))) {
        throw ApiException.conflict(store.definition().group(), store.definition().resource(), name,
            "the object has been modified; please apply your changes to the latest version and try again");
      }
      JsonNode replicas = scale.path("spec").path("replicas");
      if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
        throw ApiException.invalid("autoscaling", "Scale", name, List.of(StatusCause.invalid("spec.replicas",
            replicas.asInt(), "must be greater than or equal to 0")));
      }
      ObjectNode next = current.deepCopy();
      set(next, paths.specReplicas(), replicas.asInt());
      next.with("metadata").remove("resourceVersion");
      return next;
    }, context).thenApply(written -> toScale(written.object()));
  }

  ObjectNode toScale(JsonNode object) {
    ObjectNode scale = JsonNodeFactory.instance.objectNode();
    scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (object.path("metadata").has(field)) {
        meta.set(field, object.path("metadata").get(field));
      }
    }
    scale.putObject("spec").put("replicas", at(object, paths.specReplicas()).asInt(0));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", at(object, paths.statusReplicas()).asInt(0));
    if (paths.labelSelector() != null) {
      JsonNode selector = at(object, paths.labelSelector());
      String text = selector.isTextual() ? selector.asText() : selectorString(selector);
      if (!text.isEmpty()) {
        status.put("selector", text);
      }
    }
    return scale;
  }

  /** A label selector (or a plain map, for ReplicationControllers) as the selector string Scale carries. */
  static String selectorString(JsonNode selector) {
    JsonNode matchLabels = selector.has("matchLabels") || selector.has("matchExpressions")
        ? selector.path("matchLabels") : selector;
    List<String> parts = new ArrayList<>();
    TreeMap<String, String> sorted = new TreeMap<>();
    matchLabels.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    for (JsonNode expr : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      String key = expr.path("key").asText();
      switch (expr.path("operator").asText()) {
        case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
        case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
        case "Exists" -> parts.add(key);
        default -> parts.add("!" + key);
      }
    }
    return String.join(",", parts);
  }

  private static JsonNode at(JsonNode object, String dotted) {
    JsonNode node = object;
    for (String part : dotted.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  private static void set(ObjectNode object, String dotted, int value) {
    String[] parts = dotted.split("\\.");
    ObjectNode node = object;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.with(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
  }
}
