package dev.vkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test) over JSON Pointer paths (RFC 6901). */
public final class JsonPatch {
  private JsonPatch() {}

  /** Applies the operations to a copy of {@code target}; malformed or failing operations throw PatchException. */
  public static JsonNode apply(JsonNode target, JsonNode operations) {
    if (!operations.isArray()) {
      throw new PatchException("json patch must be an array of operations");
    }
    JsonNode doc = target.deepCopy();
    for (JsonNode op : operations) {
      doc = applyOne(doc, op);
    }
    return doc;
  }

  private static JsonNode applyOne(JsonNode doc, JsonNode op) {
    String kind = op.path("op").asText("");
    String path = require(op, "path");
    return switch (kind) {
      case "add" -> add(doc, path, value(op));
      case "remove" -> remove(doc, path);
      case "replace" -> add(remove(doc, path), path, value(op));
      case "move" -> {
        JsonNode moved = get(doc, require(op, "from"));
        yield add(remove(doc, require(op, "from")), path, moved);
      }
      case "copy" -> add(doc, path, get(doc, require(op, "from")).deepCopy());
      case "test" -> {
        if (!get(doc, path).equals(value(op))) {
          throw new PatchException("testing value " + path + " failed");
        }
        yield doc;
      }
      default -> throw new PatchException("Unexpected kind: " + kind);
    };
  }

  private static JsonNode add(JsonNode doc, String path, JsonNode value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonNode parent = get(doc, parentOf(path));
    String last = lastOf(path);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      if (last.equals("-")) {
        array.add(value);
      } else {
        int index = index(last, array.size() + 1);
        array.insert(index, value);
      }
    } else {
      throw new PatchException("add operation does not apply: doc is missing path: \"" + path + "\"");
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, String path) {
    JsonNode parent = get(doc, parentOf(path));
    String last = lastOf(path);
    if (parent instanceof ObjectNode object && object.has(last)) {
      object.remove(last);
    } else if (parent instanceof ArrayNode array) {
      array.remove(index(last, array.size()));
    } else {
      throw new PatchException("remove operation does not apply: doc is missing path: \"" + path + "\"");
    }
    return doc;
  }

  private static JsonNode get(JsonNode doc, String path) {
    JsonNode node = doc;
    if (path.isEmpty()) {
      return node;
    }
    for (String token : path.substring(1).split("/", -1)) {
      String key = token.replace("~1", "/").replace("~0", "~");
      node = node.isArray() ? node.path(index(key, node.size())) : node.path(key);
      if (node.isMissingNode()) {
        throw new PatchException("doc is missing path: \"" + path + "\"");
      }
    }
    return node;
  }

  private static int index(String token, int bound) {
    try {
      int i = Integer.parseInt(token);
      if (i < 0 || i >= bound) {
        throw new PatchException("index out of bounds: " + token);
      }
      return i;
    } catch (NumberFormatException e) {
      throw new PatchException("invalid array index: " + token);
    }
  }

  private static String parentOf(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }

  private static String lastOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
  }

  private static String require(JsonNode op, String field) {
    JsonNode value = op.get(field);
    if (value == null || !value.isTextual()) {
      throw new PatchException("operation missing \"" + field + "\" string");
    }
    String text = value.asText();
    if (!text.isEmpty() && !text.startsWith("/")) {
      throw new PatchException("invalid JSON pointer: " + text);
    }
    return text;
  }

  private static JsonNode value(JsonNode op) {
    if (!op.has("value")) {
      throw new PatchException("operation missing \"value\"");
    }
    return op.get("value");
  }
}
