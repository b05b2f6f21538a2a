package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The object a write answers with, and whether the write finished (false: deletion still pending, 202). */
public record WriteResult(ObjectNode object, boolean completed) {}
