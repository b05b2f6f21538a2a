package dev.vkube.scheduler.model;

import java.util.List;
import java.util.Map;

/**
 * One label requirement of a node selector term or a label selector. Operators as upstream:
 * In, NotIn, Exists, DoesNotExist, and for node selectors Gt and Lt (integer comparison).
 */
public record Requirement(String key, Operator operator, List<String> values) {
  public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT }

  public Requirement {
    values = List.copyOf(values);
  }

  public static Requirement in(String key, String... values) {
    return new Requirement(key, Operator.IN, List.of(values));
  }

  public static Requirement notIn(String key, String... values) {
    return new Requirement(key, Operator.NOT_IN, List.of(values));
  }

  public static Requirement exists(String key) {
    return new Requirement(key, Operator.EXISTS, List.of());
  }

  public boolean matches(Map<String, String> labels) {
    String v = labels.get(key);
    return switch (operator) {
      case IN -> v != null && values.contains(v);
      case NOT_IN -> v == null || !values.contains(v);
      case EXISTS -> v != null;
      case DOES_NOT_EXIST -> v == null;
      case GT -> v != null && compare(v) > 0;
      case LT -> v != null && compare(v) < 0;
    };
  }

  private int compare(String v) {
    try {
      return Long.compare(Long.parseLong(v), Long.parseLong(values.get(0)));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return 0; // upstream: an unparsable label never satisfies Gt/Lt
    }
  }
}
