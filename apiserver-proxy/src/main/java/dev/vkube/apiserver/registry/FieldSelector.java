package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A field selector ({@code a=b,c!=d}) over the fields a resource declares selectable
 * (apimachinery fields.ParseSelector plus the strategy's GetAttrs). Unsupported fields are 400.
 */
public final class FieldSelector implements Predicate<ObjectNode> {
  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  public static FieldSelector parse(String text, Map<String, String> selectable, boolean namespaced) {
    List<Term> terms = new ArrayList<>();
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        terms.add(term(part.trim(), selectable, namespaced));
      }
    }
    return new FieldSelector(terms);
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  /** The value this selector pins a field to with {@code =} (e.g. metadata.name for a watch of one object). */
  public String equalityValue(String field) {
    for (Term t : terms) {
      if (t.field.equals(field) && !t.negated) {
        return t.value;
      }
    }
    return null;
  }

  @Override
  public boolean test(ObjectNode object) {
    for (Term t : terms) {
      if (t.negated == t.value.equals(read(object, t.path))) {
        return false;
      }
    }
    return true;
  }

  private static Term term(String part, Map<String, String> selectable, boolean namespaced) {
    int neq = part.indexOf("!=");
    int eqeq = part.indexOf("==");
    int eq = part.indexOf('=');
    String field;
    String value;
    boolean negated = false;
    if (neq >= 0) {
      field = part.substring(0, neq);
      value = part.substring(neq + 2);
      negated = true;
    } else if (eqeq >= 0) {
      field = part.substring(0, eqeq);
      value = part.substring(eqeq + 2);
    } else if (eq >= 0) {
      field = part.substring(0, eq);
      value = part.substring(eq + 1);
    } else {
      throw ApiException.badRequest("invalid selector: '" + part + "'; can't understand '" + part + "'");
    }
    field = field.trim();
    String path = pathOf(field, selectable, namespaced);
    return new Term(field, path, value.trim(), negated);
  }

  private static String pathOf(String field, Map<String, String> selectable, boolean namespaced) {
    if (field.equals("metadata.name") || (field.equals("metadata.namespace") && namespaced)) {
      return field;
    }
    String path = selectable.get(field);
    if (path == null) {
      throw ApiException.badRequest("field label not supported: " + field);
    }
    return path;
  }

  /** Reads a dotted path as the string Go's GetAttrs gives (booleans "true"/"false", missing ""). */
  static String read(JsonNode object, String dottedPath) {
    JsonNode node = object;
    for (String segment : dottedPath.split("\\.")) {
      node = node.path(segment);
    }
    if (node.isMissingNode() || node.isNull()) {
      return node.isMissingNode() && dottedPath.equals("spec.hostNetwork") ? "false" : "";
    }
    return node.asText();
  }

  private record Term(String field, String path, String value, boolean negated) {}
}
