package dev.vkube.apiserver.apply;

import java.util.ArrayList;
import java.util.List;

/** A path from the object root to one field or list item (fieldpath.Path); prints as {@code .spec.replicas}. */
public record FieldPath(List<PathElement> elements) implements Comparable<FieldPath> {
  public static final FieldPath ROOT = new FieldPath(List.of());

  public FieldPath {
    elements = List.copyOf(elements);
  }

  /** A path of map fields only, e.g. {@code of("spec", "replicas")}. */
  public static FieldPath of(String... fields) {
    List<PathElement> list = new ArrayList<>();
    for (String field : fields) {
      list.add(PathElement.field(field));
    }
    return new FieldPath(list);
  }

  public FieldPath child(PathElement element) {
    List<PathElement> list = new ArrayList<>(elements);
    list.add(element);
    return new FieldPath(list);
  }

  public FieldPath child(String field) {
    return child(PathElement.field(field));
  }

  public boolean isRoot() {
    return elements.isEmpty();
  }

  public boolean startsWith(FieldPath prefix) {
    return elements.size() >= prefix.elements.size()
        && elements.subList(0, prefix.elements.size()).equals(prefix.elements);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    elements.forEach(text::append);
    return text.toString();
  }

  /** fieldpath.Path.Compare: element by element, a prefix first. */
  @Override
  public int compareTo(FieldPath other) {
    int shared = Math.min(elements.size(), other.elements.size());
    for (int i = 0; i < shared; i++) {
      int c = elements.get(i).compareTo(other.elements.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(elements.size(), other.elements.size());
  }
}
