package dev.vkube.apiserver;

import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ResourceRegistry;
import dev.vkube.certs.Pki;
import java.time.Clock;

/**
 * What the security and admission components of one virtual cluster are built from: its options,
 * PKI, registry, informers (caches of its own objects) and clock. One per tenant (DESIGN decision 10).
 */
public record ServerContext(ServerOptions options, Pki pki, ResourceRegistry registry, Informers informers,
    Clock clock) {}
