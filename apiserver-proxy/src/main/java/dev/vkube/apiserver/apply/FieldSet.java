package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable set of field paths (fieldpath.Set): what one manager owns. Set operations are exact on
 * paths, as upstream's Union/Difference/Intersection on members. Rendered as the FieldsV1 trie, where a
 * path that is both owned and has owned children carries {@code ".": {}}.
 */
public final class FieldSet {
  public static final FieldSet EMPTY = new FieldSet(Set.of());

  private final Set<FieldPath> paths;

  private FieldSet(Set<FieldPath> paths) {
    this.paths = paths;
  }

  public static FieldSet of(Collection<FieldPath> paths) {
    return paths.isEmpty() ? EMPTY : new FieldSet(Set.copyOf(paths));
  }

  public static FieldSet of(FieldPath... paths) {
    return of(List.of(paths));
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public boolean contains(FieldPath path) {
    return paths.contains(path);
  }

  /** The paths in fieldpath order, as Set.Iterate visits them. */
  public List<FieldPath> sorted() {
    return paths.stream().sorted().toList();
  }

  public FieldSet union(FieldSet other) {
    Set<FieldPath> result = new HashSet<>(paths);
    result.addAll(other.paths);
    return of(result);
  }

  public FieldSet difference(FieldSet other) {
    return filter(p -> !other.paths.contains(p));
  }

  public FieldSet intersection(FieldSet other) {
    return filter(other.paths::contains);
  }

  /** Drops every path under (or equal to) {@code prefix}, as Comparison.ExcludeFields does. */
  public FieldSet withoutPrefix(FieldPath prefix) {
    return filter(p -> !p.startsWith(prefix));
  }

  public FieldSet filter(Predicate<FieldPath> keep) {
    Set<FieldPath> result = new HashSet<>();
    for (FieldPath path : paths) {
      if (keep.test(path)) {
        result.add(path);
      }
    }
    return of(result);
  }

  /** Every proper ancestor of a member: where a walk must descend to reach the members. */
  Set<FieldPath> ancestors() {
    Set<FieldPath> result = new HashSet<>();
    for (FieldPath path : paths) {
      List<PathElement> elements = path.elements();
      for (int i = 0; i < elements.size(); i++) {
        result.add(new FieldPath(elements.subList(0, i)));
      }
    }
    return result;
  }

  /** The FieldsV1 trie, keys in path-element order as fieldpath's emitContentsV1 writes them. */
  public ObjectNode toFieldsV1() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (FieldPath path : sorted()) {
      ObjectNode node = root;
      for (PathElement element : path.elements()) {
        JsonNode child = node.get(element.serialize());
        if (child == null) {
          child = node.putObject(element.serialize());
        }
        node = (ObjectNode) child;
      }
      node.put(".", true);
    }
    return finish(root);
  }

  /** Turns the build markers into FieldsV1: a member leaf is {}, a member with children leads with ".". */
  private static ObjectNode finish(ObjectNode node) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    boolean member = node.has(".");
    boolean hasChildren = node.size() > (member ? 1 : 0);
    if (member && hasChildren) {
      out.putObject(".");
    }
    node.fields().forEachRemaining(e -> {
      if (!e.getKey().equals(".")) {
        out.set(e.getKey(), finish((ObjectNode) e.getValue()));
      }
    });
    return out;
  }

  /** Reads a FieldsV1 trie; throws IllegalArgumentException when it is malformed. */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    if (fields == null || fields.isNull()) {
      return EMPTY;
    }
    Set<FieldPath> result = new HashSet<>();
    collect(fields, FieldPath.ROOT, result);
    return of(result);
  }

  private static void collect(JsonNode node, FieldPath path, Set<FieldPath> out) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("FieldsV1 must be a tree of objects at " + path);
    }
    if (node.isEmpty() && !path.isRoot()) {
      out.add(path);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (e.getKey().equals(".")) {
        out.add(path);
      } else {
        collect(e.getValue(), path.child(PathElement.parse(e.getKey())), out);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other && paths.equals(other.paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return sorted().toString();
  }
}
