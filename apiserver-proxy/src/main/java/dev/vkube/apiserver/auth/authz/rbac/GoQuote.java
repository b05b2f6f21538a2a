package dev.vkube.apiserver.auth.authz.rbac;

import java.util.List;

/** Go's {@code %q} for strings and string slices, as upstream's RBAC messages print them. */
final class GoQuote {
  private GoQuote() {}

  /** strconv.Quote for the printable text RBAC names are made of: quotes and backslashes escaped. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"', '\\' -> out.append('\\').append(c);
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }

  /** {@code %q} of a []string: {@code ["a" "b"]}. */
  static String list(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : " ").append(quote(values.get(i)));
    }
    return out.append(']').toString();
  }
}
