package dev.vkube.apiserver.openapi.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a JSON value as the YAML text of gnostic's {@code Any.yaml}: block style, one document,
 * a trailing newline. Strings that a YAML 1.1 or 1.2 reader (client-go uses gopkg.in/yaml.v2 and
 * sigs.k8s.io/yaml) could take for anything but that string are double-quoted with JSON-compatible
 * escapes, so every value reads back as exactly the JSON it came from.
 */
final class YamlText {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
  /** YAML 1.1 booleans and null (case-insensitively, as yaml.v2 resolves them). */
  private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");
  private static final int INDENT = 2;

  private YamlText() {}

  static String of(JsonNode value) {
    StringBuilder out = new StringBuilder();
    if (isBlock(value)) {
      block(value, 0, out);
    } else {
      out.append(scalar(value)).append('\n');
    }
    return out.toString();
  }

  /** A non-empty mapping or sequence: written over several lines. */
  private static boolean isBlock(JsonNode value) {
    return (value.isObject() || value.isArray()) && !value.isEmpty();
  }

  private static void block(JsonNode value, int indent, StringBuilder out) {
    String pad = " ".repeat(indent);
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        out.append(pad).append(string(entry.getKey())).append(':');
        child(entry.getValue(), indent + INDENT, out);
      }
    } else {
      for (JsonNode item : value) {
        if (isBlock(item)) {
          // "- first: x\n  second: y": the item's first line shares the dash's line
          StringBuilder nested = new StringBuilder();
          block(item, indent + INDENT, nested);
          out.append(pad).append("- ").append(nested, indent + INDENT, nested.length());
        } else {
          out.append(pad).append("- ").append(scalar(item)).append('\n');
        }
      }
    }
  }

  private static void child(JsonNode value, int indent, StringBuilder out) {
    if (isBlock(value)) {
      out.append('\n');
      block(value, indent, out);
    } else {
      out.append(' ').append(scalar(value)).append('\n');
    }
  }

  /** A scalar, or an empty mapping or sequence in flow style. */
  private static String scalar(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    } else if (value.isObject()) {
      return "{}";
    } else if (value.isArray()) {
      return "[]";
    } else if (value.isBoolean()) {
      return value.booleanValue() ? "true" : "false";
    } else if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    } else if (value.isNumber()) {
      double d = value.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.isNaN(d) ? ".nan" : d > 0 ? ".inf" : "-.inf";
      }
      // plain notation: "1.0E10" is no float to a YAML 1.1 reader (its exponent needs a sign)
      String plain = value.decimalValue().toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    return string(value.asText());
  }

  private static String string(String s) {
    if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT))) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          // control characters and what YAML treats as line breaks or a byte order mark
          if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
