package dev.vkube.certs;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a string as a YAML scalar that reads back as the same string. kubectl turns YAML into JSON
 * before decoding (sigs.k8s.io/yaml), so an unquoted {@code true}, {@code 1.5} or {@code on} would
 * arrive as a boolean or number and fail; anything not plainly a word is double-quoted.
 */
final class YamlScalar {

  /** Starts with a letter, no spaces or YAML indicators, and does not end in ':'. */
  private static final Pattern PLAIN =
      Pattern.compile("[A-Za-z]([A-Za-z0-9._/@:+=-]*[A-Za-z0-9._/@+=-])?");

  /** YAML 1.1 booleans and nulls, which go-yaml v2 still resolves. */
  private static final Set<String> RESERVED =
      Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

  private YamlScalar() {}

  static String of(String value) {
    if (PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT))) {
      return value;
    }
    return quoted(value);
  }

  private static String quoted(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
