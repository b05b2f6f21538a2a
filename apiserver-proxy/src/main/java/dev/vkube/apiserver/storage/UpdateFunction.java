package dev.vkube.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Computes the new object from the current one (null when absent and creation is allowed). It may be
 * called again with a newer current object after a race; it must not mutate {@code current}'s tree.
 */
@FunctionalInterface
public interface UpdateFunction {
  ObjectNode apply(StoredObject current);
}
