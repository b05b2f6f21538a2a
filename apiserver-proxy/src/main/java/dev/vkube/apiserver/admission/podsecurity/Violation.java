package dev.vkube.apiserver.admission.podsecurity;

import java.util.List;
import java.util.stream.Collectors;

/** One failed check (policy.CheckResult): the short reason and the detail naming what is wrong. */
public record Violation(String reason, String detail) {
  /** AggregateCheckResult.ForbiddenDetail: "reason (detail), reason2 (detail2)". */
  public static String describe(List<Violation> violations) {
    return violations.stream().map(v -> v.detail().isEmpty() ? v.reason() : v.reason() + " (" + v.detail() + ")")
        .collect(Collectors.joining(", "));
  }

  /** AggregateCheckResult.ForbiddenReason: "reason, reason2". */
  public static String reasons(List<Violation> violations) {
    return violations.stream().map(Violation::reason).collect(Collectors.joining(", "));
  }

  static String joinQuote(List<String> items) {
    return items.isEmpty() ? "" : "\"" + String.join("\", \"", items) + "\"";
  }

  static String pluralize(String singular, String plural, int count) {
    return count == 1 ? singular : plural;
  }

  /** "container \"a\"" or "containers \"a\", \"b\"". */
  static String containers(List<String> names) {
    return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
  }
}
