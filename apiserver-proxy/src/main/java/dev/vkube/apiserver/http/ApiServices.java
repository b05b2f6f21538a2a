package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.TableConvertor;
import dev.vkube.apiserver.auth.authn.Authenticator;
import dev.vkube.apiserver.auth.authn.Impersonation;
import dev.vkube.apiserver.controllers.cluster.disruption.PodEviction;
import dev.vkube.apiserver.auth.authz.Authorizer;
import dev.vkube.apiserver.metrics.ApiMetrics;
import dev.vkube.apiserver.openapi.OpenApiService;
import dev.vkube.apiserver.proxy.PodStreams;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import dev.vkube.apiserver.registry.VirtualResources;
import dev.vkube.apiserver.registry.core.PodBinding;
import java.util.function.Function;

/** What the HTTP edge serves from: one tenant's registry, stores and API documents. */
public record ApiServices(
    ResourceRegistry registry,
    Function<ResourceDefinition, GenericStore> stores,
    HealthChecks health,
    TableConvertor tables,
    Function<byte[], ObjectNode> protobuf,
    ApiMetrics metrics,
    OpenApiService openapi,
    java.util.function.BooleanSupplier schemasReady,
    Authenticator authenticator,
    Authorizer authorizer,
    VirtualResources virtualResources,
    Impersonation impersonation,
    PodEviction evictions,
    PodStreams podStreams,
    PodBinding bindings) {}
