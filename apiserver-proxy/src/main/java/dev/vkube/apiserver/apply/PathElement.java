package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a field path, as structured-merge-diff's fieldpath.PathElement: a map field ({@code f:name}),
 * an associative-list item named by its key fields ({@code k:{"name":"c"}}), a set item ({@code v:"x"}) or
 * a list index ({@code i:0}, only read, never produced). {@code text} is the part after the colon; keys are
 * compact JSON with their fields sorted by name, so equal elements have equal text.
 */
public record PathElement(char type, String text) implements Comparable<PathElement> {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String TYPE_ORDER = "fkvi";

  public PathElement {
    if (TYPE_ORDER.indexOf(type) < 0) {
      throw new IllegalArgumentException("unknown path element type: " + type);
    }
  }

  public static PathElement field(String name) {
    return new PathElement('f', name);
  }

  /** A keyed list item; the key fields are sorted by name as fieldpath.KeyByFields sorts them. */
  public static PathElement key(Map<String, JsonNode> keyFields) {
    ObjectNode sorted = JSON.createObjectNode();
    new TreeMap<>(keyFields).forEach(sorted::set);
    return new PathElement('k', sorted.toString());
  }

  public static PathElement value(JsonNode value) {
    return new PathElement('v', value.toString());
  }

  /** Parses a FieldsV1 key such as {@code f:spec} or {@code k:{"port":80,"protocol":"TCP"}}. */
  public static PathElement parse(String serialized) {
    if (serialized.length() < 2 || serialized.charAt(1) != ':') {
      throw new IllegalArgumentException("invalid path element: " + serialized);
    }
    char type = serialized.charAt(0);
    String text = serialized.substring(2);
    return switch (type) {
      case 'f' -> field(text);
      case 'k' -> key(toMap(readJson(text)));
      case 'v' -> value(readJson(text));
      case 'i' -> new PathElement('i', String.valueOf(Integer.parseInt(text)));
      default -> throw new IllegalArgumentException("unknown path element type: " + serialized);
    };
  }

  public String serialize() {
    return type + ":" + text;
  }

  public boolean isField() {
    return type == 'f';
  }

  /** The element as fieldpath.PathElement.String prints it in conflict messages: .f, [k=v], [=v], [i]. */
  @Override
  public String toString() {
    return switch (type) {
      case 'f' -> "." + text;
      case 'k' -> {
        List<String> parts = new ArrayList<>();
        readJson(text).fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue()));
        yield "[" + String.join(",", parts) + "]";
      }
      case 'v' -> "[=" + text + "]";
      default -> "[" + text + "]";
    };
  }

  /** fieldpath.PathElement.Compare: fields, then keys, then values, then indices. */
  @Override
  public int compareTo(PathElement other) {
    if (type != other.type) {
      return Integer.compare(TYPE_ORDER.indexOf(type), TYPE_ORDER.indexOf(other.type));
    }
    return switch (type) {
      case 'f' -> text.compareTo(other.text);
      case 'k' -> compareKeys(readJson(text), readJson(other.text));
      case 'v' -> JsonOrder.compare(readJson(text), readJson(other.text));
      default -> Integer.compare(Integer.parseInt(text), Integer.parseInt(other.text));
    };
  }

  private static int compareKeys(JsonNode left, JsonNode right) {
    Iterator<Map.Entry<String, JsonNode>> l = left.fields();
    Iterator<Map.Entry<String, JsonNode>> r = right.fields();
    while (l.hasNext() && r.hasNext()) {
      Map.Entry<String, JsonNode> a = l.next();
      Map.Entry<String, JsonNode> b = r.next();
      int c = a.getKey().compareTo(b.getKey());
      if (c == 0) {
        c = JsonOrder.compare(a.getValue(), b.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(l.hasNext(), r.hasNext());
  }

  private static Map<String, JsonNode> toMap(JsonNode object) {
    if (!object.isObject()) {
      throw new IllegalArgumentException("a key path element must be a JSON object: " + object);
    }
    Map<String, JsonNode> map = new TreeMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON in path element: " + text, e);
    }
  }
}
