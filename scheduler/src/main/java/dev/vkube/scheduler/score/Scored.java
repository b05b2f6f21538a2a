package dev.vkube.scheduler.score;

import dev.vkube.scheduler.gpu.GpuAllocation;

/** A node's score for a pod (higher is better) and the GPU devices the pod would take there. */
public record Scored(double score, GpuAllocation gpus) {}
