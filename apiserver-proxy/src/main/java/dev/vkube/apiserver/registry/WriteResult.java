package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The object a write answers with, whether the write finished (false: deletion still pending, 202)
 * and whether it created the object (201, e.g. a server-side apply of a new object).
 */
public record WriteResult(ObjectNode object, boolean completed, boolean created) {
  public WriteResult(ObjectNode object, boolean completed) {
    this(object, completed, false);
  }
}
