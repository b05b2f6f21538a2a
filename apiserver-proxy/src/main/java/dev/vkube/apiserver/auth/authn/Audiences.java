package dev.vkube.apiserver.auth.authn;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** authenticator.Audiences operations. */
final class Audiences {
  private Audiences() {}

  /** Those of {@code requested} that {@code held} has, in {@code requested}'s order (Audiences.Intersect). */
  static List<String> intersect(List<String> held, List<String> requested) {
    List<String> out = new ArrayList<>();
    for (String audience : requested) {
      if (held.contains(audience)) {
        out.add(audience);
      }
    }
    return out;
  }

  /** Go's %q of a []string: ["a" "b"]. */
  static String quoted(List<String> audiences) {
    return audiences.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(" ", "[", "]"));
  }
}
