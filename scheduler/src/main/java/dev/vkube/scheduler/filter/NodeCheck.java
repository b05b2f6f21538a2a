package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.snapshot.NodeState;
import java.util.List;

/** Why a node cannot take the prepared pod: upstream reason texts, empty when it can. */
@FunctionalInterface
public interface NodeCheck {
  List<String> PASS = List.of();
  NodeCheck ALWAYS = node -> PASS;

  List<String> reasons(NodeState node);
}
