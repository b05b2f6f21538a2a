package dev.vkube.apiserver.auth.authz.rbac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether one set of rules grants everything another does (component-helpers/auth/rbac/validation
 * policy_comparator.go Covers), and the uncovered part in the compact, sorted form escalation errors
 * print (pkg/registry/rbac/validation/policy_compact.go).
 */
public final class Coverage {
  private Coverage() {}

  /** The atomic rules (one group, resource, verb and name, or one URL and verb) of {@code servant} not covered. */
  public static List<PolicyRule> uncovered(List<PolicyRule> owner, List<PolicyRule> servant) {
    List<PolicyRule> missing = new ArrayList<>();
    for (PolicyRule rule : servant) {
      for (PolicyRule sub : breakdown(rule)) {
        if (owner.stream().noneMatch(o -> covers(o, sub))) {
          missing.add(sub);
        }
      }
    }
    return missing;
  }

  /** BreakdownRule: one rule per group x resource x verb (x name), and per URL x verb. */
  static List<PolicyRule> breakdown(PolicyRule rule) {
    List<PolicyRule> out = new ArrayList<>();
    for (String group : rule.apiGroups()) {
      for (String resource : rule.resources()) {
        for (String verb : rule.verbs()) {
          if (rule.resourceNames().isEmpty()) {
            out.add(PolicyRule.resource(List.of(verb), List.of(group), List.of(resource), List.of()));
          } else {
            for (String name : rule.resourceNames()) {
              out.add(PolicyRule.resource(List.of(verb), List.of(group), List.of(resource), List.of(name)));
            }
          }
        }
      }
    }
    for (String url : rule.nonResourceURLs()) {
      for (String verb : rule.verbs()) {
        out.add(PolicyRule.url(List.of(verb), List.of(url)));
      }
    }
    return out;
  }

  /** ruleCovers: the owner rule grants everything the (atomic) sub-rule does. */
  static boolean covers(PolicyRule owner, PolicyRule sub) {
    boolean verbs = owner.verbs().contains(PolicyRule.ALL) || owner.verbs().containsAll(sub.verbs());
    boolean groups = owner.apiGroups().contains(PolicyRule.ALL) || owner.apiGroups().containsAll(sub.apiGroups());
    boolean names = owner.resourceNames().isEmpty()
        || (!sub.resourceNames().isEmpty() && owner.resourceNames().containsAll(sub.resourceNames()));
    return verbs && groups && resourcesCover(owner.resources(), sub.resources()) && names
        && urlsCover(owner.nonResourceURLs(), sub.nonResourceURLs());
  }

  private static boolean resourcesCover(List<String> owner, List<String> wanted) {
    if (owner.contains(PolicyRule.ALL) || owner.containsAll(wanted)) {
      return true;
    }
    for (String path : wanted) {
      if (owner.contains(path)) {
        continue;
      }
      int slash = path.indexOf('/');
      if (slash < 0 || !owner.contains("*/" + path.substring(slash + 1))) {
        return false;
      }
    }
    return true;
  }

  private static boolean urlsCover(List<String> owner, List<String> wanted) {
    for (String path : wanted) {
      boolean covered = false;
      for (String o : owner) {
        if (o.equals(path) || (o.endsWith("*") && path.startsWith(PolicyRule.trimStars(o)))) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  /**
   * CompactRules then CompactString, sorted and distinct (sets.String.List()): rules of one group and
   * resource with nothing but verbs are merged into one.
   */
  public static List<String> describe(List<PolicyRule> rules) {
    Map<String, PolicyRule> simple = new LinkedHashMap<>();
    List<PolicyRule> compacted = new ArrayList<>();
    for (PolicyRule r : rules) {
      boolean isSimple = r.resourceNames().isEmpty() && r.nonResourceURLs().isEmpty() && r.apiGroups().size() == 1
          && r.resources().size() == 1;
      if (!isSimple) {
        compacted.add(r);
        continue;
      }
      simple.merge(r.apiGroups().get(0) + "\u0000" + r.resources().get(0), r, (a, b) -> {
        List<String> verbs = new ArrayList<>(a.verbs());
        verbs.addAll(b.verbs());
        return PolicyRule.resource(verbs, a.apiGroups(), a.resources(), List.of());
      });
    }
    compacted.addAll(simple.values());
    TreeSet<String> out = new TreeSet<>();
    compacted.forEach(r -> out.add(r.compactString()));
    return List.copyOf(out);
  }
}
