package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What kubectl (>= 1.26) does before its first server-side apply of an object it client-side applied
 * (kubectl apply.go migrateToSSAIfNecessary with client-go util/csaupgrade): the Update managers that own
 * the last-applied annotation are folded into kubectl's Apply entry, then sent back as a JSON patch of
 * metadata.managedFields, which {@link FieldManager#update} honours. Provided for clients and tests; the
 * server itself never calls it, as kube-apiserver does not.
 */
public final class ClientSideApplyUpgrade {
  private static final FieldPath ANNOTATION_PATH =
      FieldPath.of("metadata", "annotations", LastApplied.ANNOTATION);

  private ClientSideApplyUpgrade() {}

  /** A copy of {@code object} with upgraded managedFields (unchanged when nothing needs upgrading). */
  public static ObjectNode upgrade(ObjectNode object, String ssaManager) {
    List<ManagerEntry> entries = new ArrayList<>(ManagedFields.decode(object).values());
    Set<String> csaManagers = new LinkedHashSet<>();
    entries.stream().filter(e -> !e.applied() && e.fields().contains(ANNOTATION_PATH))
        .forEach(e -> csaManagers.add(e.manager()));
    for (String csaManager : csaManagers) {
      entries = upgrade(entries, csaManager, ssaManager);
    }
    ObjectNode copy = object.deepCopy();
    ManagedFields.write(copy, entries);
    return copy;
  }

  /** csaupgrade.upgradedManagedFields for one client-side manager (main resource only, as upstream). */
  private static List<ManagerEntry> upgrade(List<ManagerEntry> entries, String csaManager, String ssaManager) {
    int target = indexOf(entries, e -> e.applied() && e.manager().equals(ssaManager) && e.subresource().isEmpty());
    List<ManagerEntry> next = new ArrayList<>(entries);
    if (target < 0) {
      target = indexOf(entries, e -> isCsa(e, csaManager));
      if (target < 0) {
        return entries;
      }
      ManagerEntry csa = entries.get(target);
      next.set(target, new ManagerEntry(ssaManager, true, csa.apiVersion(), csa.time(), "", csa.fields()));
    }
    ManagerEntry ssa = next.get(target);
    int sameVersion = indexOf(entries, e -> isCsa(e, csaManager) && e.apiVersion().equals(ssa.apiVersion()));
    if (sameVersion >= 0) {
      next.set(target, ssa.withFields(ssa.fields().union(entries.get(sameVersion).fields())));
    }
    return next.stream().filter(e -> !isCsa(e, csaManager)).toList();
  }

  private static boolean isCsa(ManagerEntry entry, String csaManager) {
    return !entry.applied() && entry.manager().equals(csaManager) && entry.subresource().isEmpty();
  }

  private static int indexOf(List<ManagerEntry> entries, java.util.function.Predicate<ManagerEntry> test) {
    for (int i = 0; i < entries.size(); i++) {
      if (test.test(entries.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
