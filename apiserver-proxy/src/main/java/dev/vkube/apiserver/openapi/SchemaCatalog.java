package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The definitions of one document dialect: every kind asked for by group, version and kind, built
 * from its protobuf message or, for a custom resource, from its CRD schema, with the
 * {@code x-kubernetes-group-version-kind} extension of each kind. Filled while the documents are
 * built, then only read.
 */
final class SchemaCatalog {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String META_API_VERSION = "meta.k8s.io/v1";

  private final ProtoTypes types;
  private final SchemaDialect dialect;
  private final Map<GroupVersionKind, JsonNode> customSchemas;
  private final ProtoSchemaWriter writer;
  private final Map<String, ObjectNode> custom = new TreeMap<>();
  private final Map<String, Set<GroupVersionKind>> kindsByDefinition = new LinkedHashMap<>();
  private final Map<GroupVersionKind, String> definitionByKind = new HashMap<>();

  SchemaCatalog(ProtoTypes types, ListSemantics lists, SchemaDialect dialect,
      Map<GroupVersionKind, JsonNode> customSchemas) {
    this.types = types;
    this.dialect = dialect;
    this.customSchemas = customSchemas;
    this.writer = new ProtoSchemaWriter(types, lists, dialect);
    custom.put(DefinitionNames.PATCH, NODES.objectNode().put("type", "object")); // meta/v1 Patch
  }

  /** Defines the kind (once) and returns its definition's name. */
  String kind(GroupVersionKind gvk) {
    String known = definitionByKind.get(gvk);
    if (known != null) {
      return known;
    }
    Optional<Descriptor> message = types.message(gvk.apiVersion(), gvk.kind());
    String name;
    if (message.isPresent() && !customSchemas.containsKey(gvk)) {
      name = writer.define(message.get());
    } else {
      name = DefinitionNames.custom(gvk);
      custom.put(name, CustomResourceSchemas.object(customSchemas.get(gvk), dialect));
    }
    return remember(gvk, name);
  }

  /** Defines the list kind of {@code item} ({@code <Kind>List}) and returns its name. */
  String list(GroupVersionKind item) {
    GroupVersionKind gvk = new GroupVersionKind(item.group(), item.version(), item.kind() + "List");
    String known = definitionByKind.get(gvk);
    if (known != null) {
      return known;
    }
    Optional<Descriptor> message = types.message(gvk.apiVersion(), gvk.kind());
    if (message.isPresent() && !customSchemas.containsKey(item)) {
      return remember(gvk, writer.define(message.get()));
    }
    String name = DefinitionNames.custom(gvk);
    custom.put(name, CustomResourceSchemas.list(kind(item), dialect));
    return remember(gvk, name);
  }

  /** A meta/v1 type every group version shares (DeleteOptions, WatchEvent, Status), tagged for {@code gvk}. */
  String shared(GroupVersionKind gvk) {
    Descriptor message = types.message(META_API_VERSION, gvk.kind())
        .orElseThrow(() -> new IllegalStateException("no meta/v1 message " + gvk.kind()));
    return remember(gvk, writer.define(message));
  }

  /** The definition of each kind defined so far. */
  Map<GroupVersionKind, String> kindsDefined() {
    return Map.copyOf(definitionByKind);
  }

  /** Every definition with its GVK extension, sorted by name. */
  Map<String, ObjectNode> definitions() {
    Map<String, ObjectNode> all = new TreeMap<>(writer.definitions());
    all.putAll(custom);
    kindsByDefinition.forEach((name, kinds) -> {
      ObjectNode schema = all.get(name);
      ArrayNode extension = schema.putArray("x-kubernetes-group-version-kind");
      kinds.forEach(gvk -> extension.add(gvk.toJson()));
      if (kinds.stream().noneMatch(gvk -> gvk.kind().equals("WatchEvent"))) {
        addTypeMeta(schema);
      }
    });
    return all;
  }

  /**
   * Kinds embed TypeMeta, which generated.proto leaves out: apiVersion and kind join their
   * properties (in kube-openapi's sorted order). Other messages with metadata (PodTemplateSpec) do not.
   */
  private static void addTypeMeta(ObjectNode schema) {
    TreeMap<String, JsonNode> properties = new TreeMap<>();
    schema.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
    properties.put("apiVersion", NODES.objectNode().put("type", "string"));
    properties.put("kind", NODES.objectNode().put("type", "string"));
    schema.putObject("properties").setAll(properties);
  }

  /**
   * The definitions {@code roots} reach through {@code $ref}, roots included; {@code refs} memoizes
   * each definition's direct references across calls.
   */
  static Map<String, ObjectNode> closure(Map<String, ObjectNode> definitions, Collection<String> roots,
      SchemaDialect dialect, Map<String, List<String>> refs) {
    Map<String, ObjectNode> out = new TreeMap<>();
    Deque<String> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      ObjectNode schema = definitions.get(name);
      if (schema != null && out.put(name, schema) == null) {
        refs.computeIfAbsent(name, n -> references(schema, dialect)).forEach(pending::push);
      }
    }
    return out;
  }

  private static List<String> references(ObjectNode schema, SchemaDialect dialect) {
    return schema.findValuesAsText("$ref").stream().map(dialect::definitionOf).filter(Objects::nonNull).toList();
  }

  private String remember(GroupVersionKind gvk, String name) {
    definitionByKind.put(gvk, name);
    kindsByDefinition.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(gvk);
    return name;
  }
}
