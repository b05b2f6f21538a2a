package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A total order over JSON values after structured-merge-diff's value.Compare: numbers (compared
 * numerically), then strings, booleans, lists, maps, null. Used only to order path elements.
 */
final class JsonOrder {
  private JsonOrder() {}

  static int compare(JsonNode a, JsonNode b) {
    int rank = Integer.compare(rank(a), rank(b));
    if (rank != 0) {
      return rank;
    }
    if (a.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    if (a.isTextual()) {
      return a.textValue().compareTo(b.textValue());
    }
    if (a.isBoolean()) {
      return Boolean.compare(a.booleanValue(), b.booleanValue());
    }
    if (a.isArray()) {
      return compareSequences(a.elements(), b.elements());
    }
    if (a.isObject()) {
      return compareObjects(a.fields(), b.fields());
    }
    return 0;
  }

  private static int rank(JsonNode node) {
    if (node.isNumber()) {
      return 0;
    }
    if (node.isTextual()) {
      return 1;
    }
    if (node.isBoolean()) {
      return 2;
    }
    if (node.isArray()) {
      return 3;
    }
    return node.isObject() ? 4 : 5;
  }

  private static int compareSequences(Iterator<JsonNode> l, Iterator<JsonNode> r) {
    while (l.hasNext() && r.hasNext()) {
      int c = compare(l.next(), r.next());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(l.hasNext(), r.hasNext());
  }

  private static int compareObjects(Iterator<Map.Entry<String, JsonNode>> l, Iterator<Map.Entry<String, JsonNode>> r) {
    while (l.hasNext() && r.hasNext()) {
      Map.Entry<String, JsonNode> a = l.next();
      Map.Entry<String, JsonNode> b = r.next();
      int c = a.getKey().compareTo(b.getKey());
      if (c == 0) {
        c = compare(a.getValue(), b.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(l.hasNext(), r.hasNext());
  }
}
