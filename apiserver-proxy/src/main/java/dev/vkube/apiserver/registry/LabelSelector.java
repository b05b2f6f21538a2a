package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed label selector string (apimachinery labels.Parse): {@code =}, {@code ==}, {@code !=},
 * {@code in (a,b)}, {@code notin (a,b)}, {@code key}, {@code !key}; commas mean AND.
 */
public final class LabelSelector implements Predicate<JsonNode> {
  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  public static LabelSelector parse(String text) {
    return new LabelSelector(new LabelSelectorParser(text == null ? "" : text).parse());
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** Tests a labels map (the object's metadata.labels, possibly missing). */
  @Override
  public boolean test(JsonNode labels) {
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

  record Requirement(String key, Operator operator, Set<String> values) {
    boolean matches(JsonNode labels) {
      JsonNode value = labels == null ? null : labels.get(key);
      boolean present = value != null && !value.isNull();
      return switch (operator) {
        case EXISTS -> present;
        case DOES_NOT_EXIST -> !present;
        case EQUALS, IN -> present && values.contains(value.asText());
        case NOT_EQUALS, NOT_IN -> !present || !values.contains(value.asText());
      };
    }
  }

  static ApiException invalid(String text, String why) {
    return ApiException.badRequest("unable to parse requirement: " + why + (text.isEmpty() ? "" : ""));
  }

  static List<Requirement> newList() {
    return new ArrayList<>();
  }
}
