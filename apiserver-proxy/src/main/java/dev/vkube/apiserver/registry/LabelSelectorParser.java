package dev.vkube.apiserver.registry;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.registry.LabelSelector.Operator;
import dev.vkube.apiserver.registry.LabelSelector.Requirement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A small recursive-descent parser for label selector strings; errors are 400 BadRequest. */
final class LabelSelectorParser {
  private static final Pattern KEY =
      Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private final String text;
  private int pos;

  LabelSelectorParser(String text) {
    this.text = text;
  }

  List<Requirement> parse() {
    List<Requirement> out = LabelSelector.newList();
    skipSpaces();
    if (pos >= text.length()) {
      return out;
    }
    while (true) {
      out.add(requirement());
      skipSpaces();
      if (pos >= text.length()) {
        return out;
      }
      expect(',');
    }
  }

  private Requirement requirement() {
    skipSpaces();
    if (peek() == '!') {
      pos++;
      return new Requirement(key(), Operator.DOES_NOT_EXIST, Set.of());
    }
    String key = key();
    skipSpaces();
    if (pos >= text.length() || peek() == ',') {
      return new Requirement(key, Operator.EXISTS, Set.of());
    }
    if (text.startsWith("==", pos)) {
      pos += 2;
      return new Requirement(key, Operator.EQUALS, Set.of(value()));
    }
    if (text.startsWith("!=", pos)) {
      pos += 2;
      return new Requirement(key, Operator.NOT_EQUALS, Set.of(value()));
    }
    if (peek() == '=') {
      pos++;
      return new Requirement(key, Operator.EQUALS, Set.of(value()));
    }
    String word = word();
    if (word.equals("in")) {
      return new Requirement(key, Operator.IN, valueSet());
    }
    if (word.equals("notin")) {
      return new Requirement(key, Operator.NOT_IN, valueSet());
    }
    throw fail("found '" + word + "', expected: in, notin, =, ==, !=, gt, lt");
  }

  private Set<String> valueSet() {
    skipSpaces();
    expect('(');
    Set<String> values = new LinkedHashSet<>();
    while (true) {
      values.add(value());
      skipSpaces();
      if (peek() == ')') {
        pos++;
        return values;
      }
      expect(',');
    }
  }

  private String key() {
    skipSpaces();
    String key = word();
    if (key.isEmpty() || key.length() > 317 || !KEY.matcher(key).matches()) {
      throw fail("invalid label key \"" + key + "\"");
    }
    return key;
  }

  private String value() {
    skipSpaces();
    String value = word();
    if (value.length() > 63 || !VALUE.matcher(value).matches()) {
      throw fail("invalid label value: \"" + value + "\"");
    }
    return value;
  }

  private String word() {
    int start = pos;
    while (pos < text.length() && "=!,() ".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void expect(char c) {
    skipSpaces();
    if (peek() != c) {
      throw fail("expected '" + c + "' at position " + pos + " in \"" + text + "\"");
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private ApiException fail(String why) {
    return ApiException.badRequest("unable to parse requirement: " + why);
  }
}
