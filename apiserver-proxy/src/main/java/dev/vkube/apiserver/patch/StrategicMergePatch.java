package dev.vkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge patch for built-in types (apimachinery util/strategicpatch): maps merge, lists merge
 * by their merge key or as primitive sets where the type says so, else they are replaced; with the
 * directives {@code $patch: replace|delete|merge}, {@code $retainKeys}, {@code $setElementOrder/F} and
 * {@code $deleteFromPrimitiveList/F}.
 */
public final class StrategicMergePatch {
  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String SET_ORDER = "$setElementOrder/";
  private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

  private final String kind;

  private StrategicMergePatch(String kind) {
    this.kind = kind;
  }

  public static JsonNode apply(String kind, JsonNode original, JsonNode patch) {
    if (!patch.isObject()) {
      throw new PatchException("strategic merge patch must be a JSON object");
    }
    ObjectNode target = original != null && original.isObject() ? ((ObjectNode) original).deepCopy()
        : ((ObjectNode) patch).objectNode();
    return new StrategicMergePatch(kind).mergeMap(target, (ObjectNode) patch, new ArrayList<>());
  }

  private JsonNode mergeMap(ObjectNode target, ObjectNode patch, List<String> path) {
    String directive = patch.path(PATCH).asText("");
    if (directive.equals("replace")) {
      ObjectNode replaced = patch.deepCopy();
      replaced.remove(PATCH);
      return stripDirectives(replaced);
    }
    if (directive.equals("delete")) {
      return null;
    }
    if (patch.has(RETAIN_KEYS)) {
      List<String> keep = new ArrayList<>();
      patch.get(RETAIN_KEYS).forEach(k -> keep.add(k.asText()));
      target.retain(keep);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      mergeField(target, field.getKey(), field.getValue(), path);
    }
    return target;
  }

  private void mergeField(ObjectNode target, String key, JsonNode value, List<String> path) {
    if (key.equals(PATCH) || key.equals(RETAIN_KEYS)) {
      return;
    }
    if (key.startsWith(SET_ORDER)) {
      String listField = key.substring(SET_ORDER.length());
      orderLater(target, listField, value, path);
      return;
    }
    if (key.startsWith(DELETE_PRIMITIVE)) {
      String listField = key.substring(DELETE_PRIMITIVE.length());
      removePrimitives(target, listField, value);
      return;
    }
    if (value.isNull()) {
      target.remove(key);
      return;
    }
    List<String> childPath = new ArrayList<>(path);
    childPath.add(key);
    JsonNode current = target.get(key);
    if (value.isObject() && current != null && current.isObject()) {
      JsonNode merged = mergeMap((ObjectNode) current, (ObjectNode) value, childPath);
      setOrRemove(target, key, merged);
    } else if (value.isObject()) {
      JsonNode fresh = mergeMap(((ObjectNode) value).objectNode(), (ObjectNode) value, childPath);
      setOrRemove(target, key, fresh);
    } else if (value.isArray()) {
      target.set(key, mergeList(current, (ArrayNode) value, childPath));
    } else {
      target.set(key, value.deepCopy());
    }
  }

  private JsonNode mergeList(JsonNode current, ArrayNode patch, List<String> path) {
    String mergeKey = MergeKeys.of(kind, path);
    if (mergeKey == null || current == null || !current.isArray()) {
      return stripDirectivesInList(patch, mergeKey);
    }
    for (JsonNode item : patch) {
      if (item.isObject() && "replace".equals(item.path(PATCH).asText(null))) {
        ArrayNode rest = patch.arrayNode();
        patch.forEach(i -> {
          if (!(i.isObject() && i.has(PATCH))) {
            rest.add(stripDirectives(i.deepCopy()));
          }
        });
        return rest;
      }
    }
    ArrayNode result = ((ArrayNode) current).deepCopy();
    if (mergeKey.equals(MergeKeys.PRIMITIVE_SET)) {
      patch.forEach(item -> {
        if (!containsValue(result, item)) {
          result.add(item);
        }
      });
      return result;
    }
    for (JsonNode item : patch) {
      mergeListItem(result, item, mergeKey, path);
    }
    return result;
  }

  private void mergeListItem(ArrayNode result, JsonNode item, String mergeKey, List<String> path) {
    if (!item.isObject() || !item.has(mergeKey)) {
      throw new PatchException("map: " + item + " does not contain declared merge key: " + mergeKey);
    }
    int index = indexOf(result, mergeKey, item.get(mergeKey));
    boolean delete = "delete".equals(item.path(PATCH).asText(null));
    if (delete) {
      if (index >= 0) {
        result.remove(index);
      }
      return;
    }
    if (index >= 0) {
      result.set(index, mergeMap((ObjectNode) result.get(index), (ObjectNode) item, path));
    } else {
      result.add(mergeMap(((ObjectNode) item).objectNode(), (ObjectNode) item, path));
    }
  }

  /** $setElementOrder/F: reorder F (after it is merged) to the order given, others after. */
  private void orderLater(ObjectNode target, String listField, JsonNode order, List<String> path) {
    JsonNode list = target.get(listField);
    if (list == null || !list.isArray() || !order.isArray()) {
      return;
    }
    List<String> childPath = new ArrayList<>(path);
    childPath.add(listField);
    String mergeKey = MergeKeys.of(kind, childPath);
    ArrayNode sorted = ((ArrayNode) list).arrayNode();
    List<JsonNode> remaining = new ArrayList<>();
    list.forEach(remaining::add);
    for (JsonNode wanted : order) {
      for (Iterator<JsonNode> it = remaining.iterator(); it.hasNext(); ) {
        JsonNode candidate = it.next();
        JsonNode id = mergeKey == null || mergeKey.isEmpty() ? candidate : candidate.path(mergeKey);
        JsonNode want = mergeKey == null || mergeKey.isEmpty() ? wanted : wanted.path(mergeKey);
        if (id.equals(want)) {
          sorted.add(candidate);
          it.remove();
          break;
        }
      }
    }
    remaining.forEach(sorted::add);
    target.set(listField, sorted);
  }

  private static void removePrimitives(ObjectNode target, String listField, JsonNode values) {
    JsonNode list = target.get(listField);
    if (list == null || !list.isArray()) {
      return;
    }
    ArrayNode kept = ((ArrayNode) list).arrayNode();
    list.forEach(v -> {
      if (!containsValue(values, v)) {
        kept.add(v);
      }
    });
    target.set(listField, kept);
  }

  private static JsonNode stripDirectivesInList(ArrayNode patch, String mergeKey) {
    ArrayNode out = patch.arrayNode();
    for (JsonNode item : patch) {
      if (item.isObject() && item.has(PATCH)) {
        continue;
      }
      out.add(stripDirectives(item.deepCopy()));
    }
    return out;
  }

  private static JsonNode stripDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> directives = new ArrayList<>();
      object.fieldNames().forEachRemaining(name -> {
        if (name.startsWith("$")) {
          directives.add(name);
        }
      });
      object.remove(directives);
      object.forEach(StrategicMergePatch::stripDirectives);
    } else if (node instanceof ArrayNode array) {
      array.forEach(StrategicMergePatch::stripDirectives);
    }
    return node;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).path(key).equals(value)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean containsValue(JsonNode list, JsonNode value) {
    for (JsonNode v : list) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static void setOrRemove(ObjectNode target, String key, JsonNode value) {
    if (value == null) {
      target.remove(key);
    } else {
      target.set(key, value);
    }
  }
}
