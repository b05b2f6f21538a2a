package dev.vkube.controller;

import java.time.Instant;

/** The fields of a coordination.k8s.io/v1 Lease that leader election reads and writes. */
public record Lease(String holderIdentity, int leaseDurationSeconds, Instant acquireTime, Instant renewTime,
    int leaseTransitions, String resourceVersion) {}
