package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;

/** Finds a namespace for the lifecycle check of namespaced writes (null when it does not exist). */
@FunctionalInterface
public interface NamespaceLookup {
  CompletionStage<ObjectNode> find(String namespace);
}
