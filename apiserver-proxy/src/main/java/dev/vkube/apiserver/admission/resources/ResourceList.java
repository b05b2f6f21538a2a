package dev.vkube.apiserver.admission.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A map of resource name to quantity (corev1.ResourceList) with the arithmetic of pkg/quota/v1
 * (Add, Subtract, Mask, LessThanOrEqual). Sorted by name, as quota messages print it.
 */
public final class ResourceList {
  private final TreeMap<String, Quantity> values = new TreeMap<>();

  public static ResourceList of(Map<String, Quantity> entries) {
    ResourceList list = new ResourceList();
    list.values.putAll(entries);
    return list;
  }

  /** Reads a JSON map of quantities; unparsable values are skipped (validation reports them). */
  public static ResourceList from(JsonNode json) {
    ResourceList list = new ResourceList();
    if (json != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        try {
          list.values.put(e.getKey(), Quantity.parse(e.getValue().asText()));
        } catch (IllegalArgumentException ignored) {
          // an invalid quantity is the strategy's validation error to report, not admission's
        }
      }
    }
    return list;
  }

  public ResourceList put(String name, Quantity quantity) {
    values.put(name, quantity);
    return this;
  }

  public Quantity get(String name) {
    return values.get(name);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Set<String> names() {
    return values.keySet();
  }

  public Map<String, Quantity> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public ResourceList copy() {
    return of(values);
  }

  /** quota.Add: the union, summing shared names. */
  public ResourceList plus(ResourceList other) {
    ResourceList sum = copy();
    other.values.forEach((k, v) -> sum.values.merge(k, v, Quantity::add));
    return sum;
  }

  /** quota.SubtractWithNonNegativeResult. */
  public ResourceList minusNonNegative(ResourceList other) {
    ResourceList out = new ResourceList();
    values.forEach((k, v) -> {
      Quantity o = other.values.get(k);
      Quantity d = o == null ? v : v.subtract(o);
      out.values.put(k, d.value().signum() < 0 ? new Quantity(java.math.BigDecimal.ZERO, d.format()) : d);
    });
    return out;
  }

  /** quota.Mask: only the named resources. */
  public ResourceList mask(Collection<String> names) {
    ResourceList out = new ResourceList();
    values.forEach((k, v) -> {
      if (names.contains(k)) {
        out.values.put(k, v);
      }
    });
    return out;
  }

  /** quota.RemoveZeros. */
  public ResourceList withoutZeros() {
    ResourceList out = new ResourceList();
    values.forEach((k, v) -> {
      if (!v.isZero()) {
        out.values.put(k, v);
      }
    });
    return out;
  }

  /** The names whose value exceeds the one in {@code limits} (quota.LessThanOrEqual's exceeded set). */
  public Set<String> exceeding(ResourceList limits) {
    return values.entrySet().stream().filter(e -> limits.has(e.getKey())
        && e.getValue().compareTo(limits.get(e.getKey())) > 0).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    values.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }

  /** "a=1,b=2" (resourcequota admission's prettyPrint). */
  @Override
  public String toString() {
    return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceList r && values.equals(r.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
