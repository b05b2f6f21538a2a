package dev.vkube.apiserver.auth.authz.rbac;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bindings of one scope (the cluster, or one namespace) indexed by subject, so that finding a
 * user's bindings costs a few hash lookups (their name and groups) instead of a scan of all bindings.
 * ServiceAccount subjects are indexed under the user name they stand for. Bindings keep name order,
 * so answers (and allow reasons) are stable.
 */
final class BindingIndex {
  static final BindingIndex EMPTY = new BindingIndex(List.of());

  /** A binding with its position in name order and the key of the Role it references. */
  record Entry(Binding binding, int order, String roleKey) {}

  private final Map<String, List<Entry>> byUser = new HashMap<>();
  private final Map<String, List<Entry>> byGroup = new HashMap<>();

  BindingIndex(List<Binding> bindings) {
    List<Binding> sorted = new ArrayList<>(bindings);
    sorted.sort(Comparator.comparing(Binding::name));
    for (int i = 0; i < sorted.size(); i++) {
      Binding b = sorted.get(i);
      Entry entry = new Entry(b, i, RbacSnapshot.key(b.namespace(), b.roleRef().name()));
      for (Binding.Subject s : b.subjects()) {
        String key = switch (s.kind()) {
          case "User" -> s.name();
          case "ServiceAccount" -> s.serviceAccountUser(b.namespace());
          default -> null;
        };
        if (key != null) {
          addOnce(byUser, key, entry);
        } else if (s.kind().equals("Group")) {
          addOnce(byGroup, s.name(), entry);
        }
      }
    }
  }

  private static void addOnce(Map<String, List<Entry>> index, String key, Entry e) {
    List<Entry> list = index.computeIfAbsent(key, k -> new ArrayList<>(2));
    if (list.isEmpty() || list.get(list.size() - 1) != e) {
      list.add(e);
    }
  }

  /** The bindings that apply to the user, in name order, each once. */
  List<Entry> forUser(UserInfo user) {
    List<Entry> single = byUser.get(user.name());
    List<Entry> out = null;
    for (String group : user.groups()) {
      List<Entry> list = byGroup.get(group);
      if (list == null) {
        continue;
      }
      if (single == null) {
        single = list;
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(single.size() + list.size());
        out.addAll(single);
      }
      out.addAll(list);
    }
    if (out == null) {
      return single == null ? List.of() : single;
    }
    out.sort((a, b) -> Integer.compare(a.order(), b.order()));
    int w = 0;
    for (int r = 0; r < out.size(); r++) {
      if (w == 0 || out.get(w - 1) != out.get(r)) {
        out.set(w++, out.get(r));
      }
    }
    return out.subList(0, w);
  }
}
