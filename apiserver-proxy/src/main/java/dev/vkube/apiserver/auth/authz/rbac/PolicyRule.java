package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.authz.Attributes;
import java.util.ArrayList;
import java.util.List;

/**
 * One rbac/v1 PolicyRule and the request matching of kube-apiserver's RBAC authorizer
 * (plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows and pkg/apis/rbac/v1/evaluation_helpers.go).
 * A missing list is empty; {@code *} is the wildcard of verbs, groups, resources and URLs.
 */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
    List<String> resourceNames, List<String> nonResourceURLs) {
  public static final String ALL = "*";

  public PolicyRule {
    verbs = List.copyOf(verbs);
    apiGroups = List.copyOf(apiGroups);
    resources = List.copyOf(resources);
    resourceNames = List.copyOf(resourceNames);
    nonResourceURLs = List.copyOf(nonResourceURLs);
  }

  public static PolicyRule resource(List<String> verbs, List<String> groups, List<String> resources,
      List<String> names) {
    return new PolicyRule(verbs, groups, resources, names, List.of());
  }

  public static PolicyRule url(List<String> verbs, List<String> urls) {
    return new PolicyRule(verbs, List.of(), List.of(), List.of(), urls);
  }

  public static PolicyRule fromJson(JsonNode rule) {
    return new PolicyRule(strings(rule.path("verbs")), strings(rule.path("apiGroups")),
        strings(rule.path("resources")), strings(rule.path("resourceNames")), strings(rule.path("nonResourceURLs")));
  }

  /** The rules of a Role or ClusterRole object. */
  public static List<PolicyRule> listFrom(JsonNode role) {
    List<PolicyRule> out = new ArrayList<>();
    for (JsonNode rule : role.path("rules")) {
      out.add(fromJson(rule));
    }
    return out;
  }

  /** The JSON form, with fields in rbac/v1's order and empty lists left out (omitempty). */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    put(out, "verbs", verbs, true);
    put(out, "apiGroups", apiGroups, false);
    put(out, "resources", resources, false);
    put(out, "resourceNames", resourceNames, false);
    put(out, "nonResourceURLs", nonResourceURLs, false);
    return out;
  }

  public static ArrayNode toJson(List<PolicyRule> rules) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    rules.forEach(r -> out.add(r.toJson()));
    return out;
  }

  /** RuleAllows: whether this rule grants the request. */
  public boolean allows(Attributes a) {
    if (!a.resourceRequest()) {
      return verbMatches(a.verb()) && urlMatches(a.path());
    }
    return verbMatches(a.verb()) && groupMatches(a.apiGroup()) && resourceMatches(a.resource(), a.subresource())
        && nameMatches(a.name());
  }

  boolean verbMatches(String verb) {
    for (String v : verbs) {
      if (v.equals(ALL) || v.equals(verb)) {
        return true;
      }
    }
    return false;
  }

  boolean groupMatches(String group) {
    for (String g : apiGroups) {
      if (g.equals(ALL) || g.equals(group)) {
        return true;
      }
    }
    return false;
  }

  /** Exact {@code res} or {@code res/sub}, {@code *}, or {@code * /sub} for any resource's subresource. */
  boolean resourceMatches(String resource, String subresource) {
    boolean hasSub = !subresource.isEmpty();
    for (String r : resources) {
      if (r.equals(ALL)) {
        return true;
      }
      if (hasSub ? isCombined(r, resource, subresource) : r.equals(resource)) {
        return true;
      }
      if (hasSub && r.length() == subresource.length() + 2 && r.startsWith("*/") && r.endsWith(subresource)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCombined(String rule, String resource, String subresource) {
    return rule.length() == resource.length() + 1 + subresource.length() && rule.startsWith(resource)
        && rule.charAt(resource.length()) == '/' && rule.endsWith(subresource);
  }

  /** No resourceNames means any name (including none, as for list and create). */
  boolean nameMatches(String name) {
    return resourceNames.isEmpty() || resourceNames.contains(name);
  }

  /** Exact URL, {@code *}, or a prefix ending in {@code *}. */
  boolean urlMatches(String path) {
    for (String u : nonResourceURLs) {
      if (u.equals(ALL) || u.equals(path)) {
        return true;
      }
      if (u.endsWith("*") && path.startsWith(trimStars(u))) {
        return true;
      }
    }
    return false;
  }

  static String trimStars(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '*') {
      end--;
    }
    return s.substring(0, end);
  }

  /** rbacv1helpers.CompactString, as escalation errors print rules: {@code {APIGroups:[""], Verbs:["get"]}}. */
  public String compactString() {
    List<String> parts = new ArrayList<>();
    addPart(parts, "APIGroups", apiGroups);
    addPart(parts, "Resources", resources);
    addPart(parts, "NonResourceURLs", nonResourceURLs);
    addPart(parts, "ResourceNames", resourceNames);
    addPart(parts, "Verbs", verbs);
    return "{" + String.join(", ", parts) + "}";
  }

  private static void addPart(List<String> parts, String label, List<String> values) {
    if (!values.isEmpty()) {
      parts.add(label + ":" + GoQuote.list(values));
    }
  }

  private static void put(ObjectNode out, String field, List<String> values, boolean always) {
    if (always || !values.isEmpty()) {
      ArrayNode array = out.putArray(field);
      values.forEach(array::add);
    }
  }

  static List<String> strings(JsonNode array) {
    if (!array.isArray() || array.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(array.size());
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
