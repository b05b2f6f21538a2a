package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import java.util.List;
import java.util.Map;

/**
 * The per-resource policy the one generic store consults (k8s.io/apiserver rest.RESTCreateStrategy and
 * friends). Everything not overridden behaves like a plain object such as a ConfigMap.
 */
public interface ResourceStrategy {

  default NameRule nameRule() {
    return NameRule.DNS_SUBDOMAIN;
  }

  default List<String> verbs() {
    return ResourceDefinition.ALL_VERBS;
  }

  /** Whether metadata.generation starts at 1 and grows when anything but metadata and status changes. */
  default boolean tracksGeneration() {
    return false;
  }

  /** Whether a create starts with an empty status (most strategies' PrepareForCreate resets it). */
  default boolean resetsStatusOnCreate() {
    return true;
  }

  /** Field defaults of the versioned type, applied to every written object (defaults.go SetDefaults_*). */
  default void applyDefaults(ObjectNode object) {}

  /** Server-owned fields on create; runs after generic metadata is filled in and defaults applied. */
  default void prepareForCreate(ObjectNode object) {}

  /** Server-owned fields on update; {@code old} is read-only. */
  default void prepareForUpdate(ObjectNode object, ObjectNode old) {}

  default List<StatusCause> validate(ObjectNode object) {
    return List.of();
  }

  default List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
    return validate(object);
  }

  /** Field selector labels beyond metadata.name/namespace, each mapped to its dotted JSON path. */
  default Map<String, String> selectableFields() {
    return Map.of();
  }

  /** Where /scale finds replicas and the selector (for resources that have a scale subresource). */
  default ScalePaths scalePaths() {
    return ScalePaths.BUILTIN;
  }

  /** Table columns after NAME; null means the built-in printers' columns for this resource. */
  default java.util.List<dev.vkube.apiserver.api.table.Column> tableColumns() {
    return null;
  }

  /** Whether unknown fields are removed by the strategy (custom resources' structural pruning). */
  default boolean prunesUnknownFieldsItself() {
    return false;
  }

  /** Custom resources refuse strategic merge patch (415), having no Go struct tags to merge by. */
  default boolean acceptsStrategicMergePatch() {
    return true;
  }

  /**
   * The strategy an update of {@code subresource} follows, for subresources that rewrite the object
   * under their own rules (upstream gives them their own store and strategy, as namespaces/finalize);
   * status and scale are handled by the generic store and keep this one.
   */
  default ResourceStrategy forSubresource(String subresource) {
    return this;
  }

  /** Values the resource's objects hold exclusively, written atomically with them (Services' IPs, ports). */
  default ClaimPolicy claims() {
    return ClaimPolicy.NONE;
  }

  /** Called when an object starts its graceful or finalized deletion (namespaces turn Terminating). */
  default void prepareForDeletion(ObjectNode object) {}

  /**
   * The grace period for a delete (null = delete at once). Pods are deleted gracefully unless they
   * never reached a node (pod/strategy.go CheckGracefulDelete).
   */
  default Long gracePeriodSeconds(ObjectNode current, Long requested) {
    return null;
  }
}
