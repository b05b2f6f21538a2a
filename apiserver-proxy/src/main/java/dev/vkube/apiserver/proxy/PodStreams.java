package dev.vkube.apiserver.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * What {@link PodStreamProxy} serves from: a reader of virtual pods (namespace, name; 404 when
 * absent) and the target their streams go to.
 */
public record PodStreams(BiFunction<String, String, CompletionStage<ObjectNode>> pods, StreamTarget target) {}
