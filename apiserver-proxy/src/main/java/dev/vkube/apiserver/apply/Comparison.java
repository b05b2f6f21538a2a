package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields added, modified and removed between two versions of an object (typed.Comparison, after
 * structured-merge-diff's compare walker). Scalars, atomic lists and atomic maps are leaves; a map or list
 * item that appears or disappears is itself added or removed along with everything under it, which is
 * why an Update that creates {@code metadata.labels} owns {@code f:labels} with {@code "."}. A JSON null
 * counts as absent, as it does once upstream converts to Go types.
 */
record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

  FieldSet changed() {
    return added.union(modified);
  }

  /**
   * Compares {@code lhs} (null for nothing) with {@code rhs}. With {@code zeroStructs}, a struct field that a
   * Go zero object holds (spec, template, ...) counts as present whenever its parent is, as the create path
   * compares against a freshly allocated object upstream.
   */
  static Comparison of(FieldSchema schema, JsonNode lhs, JsonNode rhs, boolean zeroStructs) {
    Walk walk = new Walk(schema, zeroStructs);
    walk.node(FieldPath.ROOT, List.of(), present(lhs), present(rhs));
    return new Comparison(FieldSet.of(walk.added), FieldSet.of(walk.modified), FieldSet.of(walk.removed));
  }

  static JsonNode present(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  private static final class Walk {
    private final FieldSchema schema;
    private final boolean zeroStructs;
    private final Set<FieldPath> added = new HashSet<>();
    private final Set<FieldPath> modified = new HashSet<>();
    private final Set<FieldPath> removed = new HashSet<>();

    Walk(FieldSchema schema, boolean zeroStructs) {
      this.schema = schema;
      this.zeroStructs = zeroStructs;
    }

    void node(FieldPath path, List<String> names, JsonNode lhs, JsonNode rhs) {
      if (lhs == null && rhs == null) {
        return;
      }
      if (isMap(names, lhs, rhs) && !(isEmpty(lhs) && isEmpty(rhs))) {
        map(path, names, lhs, rhs);
      } else if (isList(names, lhs, rhs) && !(isEmpty(lhs) && isEmpty(rhs))) {
        list(path, names, lhs, rhs);
      } else {
        leaf(path, lhs, rhs);
        return;
      }
      if (lhs == null) {
        added.add(path);
      } else if (rhs == null) {
        removed.add(path);
      }
    }

    private void leaf(FieldPath path, JsonNode lhs, JsonNode rhs) {
      if (lhs == null) {
        added.add(path);
      } else if (rhs == null) {
        removed.add(path);
      } else if (!lhs.equals(rhs)) {
        modified.add(path);
      }
    }

    private void map(FieldPath path, List<String> names, JsonNode lhs, JsonNode rhs) {
      Set<String> keys = new LinkedHashSet<>();
      if (lhs != null) {
        lhs.fieldNames().forEachRemaining(keys::add);
      }
      if (rhs != null) {
        rhs.fieldNames().forEachRemaining(keys::add);
      }
      for (String key : keys) {
        List<String> childNames = append(names, key);
        node(path.child(key), childNames, child(lhs, key, childNames), child(rhs, key, childNames));
      }
    }

    private JsonNode child(JsonNode parent, String key, List<String> names) {
      if (parent == null) {
        return null;
      }
      JsonNode value = present(parent.get(key));
      if (value == null && zeroStructs && schema.zeroStruct(names)) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (value == null && zeroStructs && schema.zeroList(names)) {
        return JsonNodeFactory.instance.arrayNode();
      }
      return value;
    }

    private void list(FieldPath path, List<String> names, JsonNode lhs, JsonNode rhs) {
      FieldSchema.ListType type = schema.listType(names);
      Map<PathElement, JsonNode> left = items(type, lhs);
      Map<PathElement, JsonNode> right = items(type, rhs);
      Set<PathElement> all = new LinkedHashSet<>(left.keySet());
      all.addAll(right.keySet());
      for (PathElement element : all) {
        node(path.child(element), names, present(left.get(element)), present(right.get(element)));
      }
    }

    private boolean isMap(List<String> names, JsonNode lhs, JsonNode rhs) {
      return (lhs == null || lhs.isObject()) && (rhs == null || rhs.isObject()) && !schema.atomicMap(names);
    }

    private boolean isList(List<String> names, JsonNode lhs, JsonNode rhs) {
      return (lhs == null || lhs.isArray()) && (rhs == null || rhs.isArray()) && !schema.listType(names).atomic();
    }
  }

  /** The items of an associative list by path element; a duplicate key keeps its first item. */
  static Map<PathElement, JsonNode> items(FieldSchema.ListType type, JsonNode list) {
    Map<PathElement, JsonNode> items = new LinkedHashMap<>();
    if (list != null) {
      for (JsonNode item : list) {
        PathElement element = FieldSchema.itemElement(type, item);
        if (element != null) {
          items.putIfAbsent(element, item);
        }
      }
    }
    return items;
  }

  static List<String> append(List<String> names, String name) {
    List<String> result = new ArrayList<>(names.size() + 1);
    result.addAll(names);
    result.add(name);
    return result;
  }

  private static boolean isEmpty(JsonNode node) {
    return node == null || node.isEmpty();
  }
}
