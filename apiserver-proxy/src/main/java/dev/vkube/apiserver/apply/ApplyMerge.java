package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three object walks of an apply (structured-merge-diff typed.ToFieldSet, typed.Merge and
 * typed.RemoveItems), over Jackson trees with {@link FieldSchema} for list and map semantics.
 */
final class ApplyMerge {
  private ApplyMerge() {}

  /**
   * The fields an applied configuration specifies: every scalar, atomic list and atomic map; every item
   * of an associative list (and its fields); an empty map or an explicit null. A non-empty map is not a
   * member itself, only its fields are (tofieldset.go).
   */
  static FieldSet fieldsOf(FieldSchema schema, JsonNode config) {
    Set<FieldPath> out = new HashSet<>();
    config.fields().forEachRemaining(e -> collect(schema, FieldPath.ROOT.child(e.getKey()),
        List.of(e.getKey()), e.getValue(), out));
    return FieldSet.of(out);
  }

  private static void collect(FieldSchema schema, FieldPath path, List<String> names, JsonNode node,
      Set<FieldPath> out) {
    if (node.isObject() && !node.isEmpty() && !schema.atomicMap(names)) {
      node.fields().forEachRemaining(e -> collect(schema, path.child(e.getKey()),
          Comparison.append(names, e.getKey()), e.getValue(), out));
    } else if (node.isArray() && !schema.listType(names).atomic()) {
      Comparison.items(schema.listType(names), node).forEach((element, item) -> {
        collect(schema, path.child(element), names, item, out);
        out.add(path.child(element));
      });
    } else {
      out.add(path);
    }
  }

  /**
   * Merges an applied configuration into the live object: maps merge field by field, associative lists
   * item by item, anything else (scalars, atomic lists and maps) is replaced; a null in the configuration
   * removes the field. The live object is not modified.
   */
  static ObjectNode merge(FieldSchema schema, ObjectNode live, ObjectNode config) {
    return (ObjectNode) mergeNode(schema, List.of(), live, config);
  }

  private static JsonNode mergeNode(FieldSchema schema, List<String> names, JsonNode live, JsonNode config) {
    if (config.isNull()) {
      return null;
    }
    if (config.isObject() && !schema.atomicMap(names) && (live == null || live.isObject())) {
      return mergeMap(schema, names, (ObjectNode) live, (ObjectNode) config);
    }
    if (config.isArray() && !schema.listType(names).atomic() && (live == null || live.isArray())) {
      return mergeList(schema, names, live, config);
    }
    return config.deepCopy();
  }

  private static ObjectNode mergeMap(FieldSchema schema, List<String> names, ObjectNode live, ObjectNode config) {
    ObjectNode out = live == null ? JsonNodeFactory.instance.objectNode() : live.deepCopy();
    Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      JsonNode merged = mergeNode(schema, Comparison.append(names, e.getKey()), out.get(e.getKey()), e.getValue());
      if (merged == null) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), merged);
      }
    }
    return out;
  }

  /**
   * Merges associative lists keeping the live order where it can: live-only items stay where they were,
   * items the configuration names follow the configuration's order (typed/merge.go visitListItems).
   */
  private static ArrayNode mergeList(FieldSchema schema, List<String> names, JsonNode live, JsonNode config) {
    FieldSchema.ListType type = schema.listType(names);
    Map<PathElement, JsonNode> left = Comparison.items(type, live);
    Map<PathElement, JsonNode> right = Comparison.items(type, config);
    List<PathElement> leftOrder = new ArrayList<>(left.keySet());
    List<PathElement> rightOrder = new ArrayList<>(right.keySet());
    Deque<PathElement> shared = new ArrayDeque<>();
    rightOrder.stream().filter(left::containsKey).forEach(shared::add);
    Set<PathElement> emitted = new HashSet<>();
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    int l = 0;
    int r = 0;
    while (l < leftOrder.size() || r < rightOrder.size()) {
      if (l < leftOrder.size() && emitted.contains(leftOrder.get(l))) {
        l++;
      } else if (l < leftOrder.size() && !right.containsKey(leftOrder.get(l))) {
        out.add(left.get(leftOrder.get(l++)).deepCopy());
      } else if (l < leftOrder.size() && r < rightOrder.size() && !leftOrder.get(l).equals(shared.peek())
          && !leftOrder.get(l).equals(rightOrder.get(r))) {
        l++;
      } else if (r < rightOrder.size()) {
        PathElement element = rightOrder.get(r++);
        emitted.add(element);
        shared.remove(element);
        JsonNode merged = mergeNode(schema, names, left.get(element), right.get(element));
        if (merged != null) {
          out.add(merged);
        }
      } else {
        l++;
      }
    }
    return out;
  }

  /**
   * What an applier's re-apply prunes (merge/update.go prune): the fields it applied last time that nobody
   * owns now. A map field with owned fields beneath it stays and is only pruned inside, as
   * EnsureNamedFieldsAreMembers makes such a named field count as owned upstream.
   */
  static FieldSet toPrune(FieldSet lastApplied, FieldSet ownedByAnyone) {
    Set<FieldPath> owners = ownedByAnyone.ancestors();
    return lastApplied.difference(ownedByAnyone)
        .filter(p -> !(owners.contains(p) && p.elements().get(p.elements().size() - 1).isField()));
  }

  /**
   * Removes the fields and list items in {@code toRemove} from {@code object} (typed.RemoveItems); a map
   * or list that this leaves empty goes too. Atomic values are removed whole or not at all.
   */
  static ObjectNode remove(FieldSchema schema, ObjectNode object, FieldSet toRemove) {
    if (toRemove.isEmpty()) {
      return object;
    }
    JsonNode result = removeNode(schema, List.of(), FieldPath.ROOT, object, toRemove, toRemove.ancestors());
    return result == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) result;
  }

  private static JsonNode removeNode(FieldSchema schema, List<String> names, FieldPath path, JsonNode node,
      FieldSet toRemove, Set<FieldPath> ancestors) {
    if (node.isObject() && !schema.atomicMap(names)) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(e -> {
        FieldPath child = path.child(e.getKey());
        JsonNode kept = keep(schema, Comparison.append(names, e.getKey()), child, e.getValue(), toRemove, ancestors);
        if (kept != null) {
          out.set(e.getKey(), kept);
        }
      });
      return out.isEmpty() ? null : out;
    }
    if (node.isArray() && !schema.listType(names).atomic()) {
      FieldSchema.ListType type = schema.listType(names);
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : node) {
        PathElement element = FieldSchema.itemElement(type, item);
        JsonNode kept = element == null ? item : keep(schema, names, path.child(element), item, toRemove, ancestors);
        if (kept != null) {
          out.add(kept);
        }
      }
      return out.isEmpty() ? null : out;
    }
    return node;
  }

  private static JsonNode keep(FieldSchema schema, List<String> names, FieldPath path, JsonNode value,
      FieldSet toRemove, Set<FieldPath> ancestors) {
    if (toRemove.contains(path)) {
      return null;
    }
    return ancestors.contains(path) ? removeNode(schema, names, path, value, toRemove, ancestors) : value;
  }
}
