package dev.vkube.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.registry.ResourceDefinition;

/**
 * One write under admission (admission.Attributes): {@code object} is the object about to be stored
 * (mutating plugins change it in place; null for DELETE), {@code oldObject} the stored one (null for
 * CREATE). {@code subresource} is "" for the main resource. {@code warnings} collects the texts the
 * response carries as Warning headers.
 */
public record AdmissionRequest(Operation operation, ResourceDefinition definition, String subresource,
    String namespace, String name, ObjectNode object, ObjectNode oldObject, UserInfo user, boolean dryRun,
    Warnings warnings) {

  /** A request whose warnings nobody reads (until the caller passes the request's own list). */
  public AdmissionRequest(Operation operation, ResourceDefinition definition, String subresource, String namespace,
      String name, ObjectNode object, ObjectNode oldObject, UserInfo user, boolean dryRun) {
    this(operation, definition, subresource, namespace, name, object, oldObject, user, dryRun, Warnings.DISCARD);
  }

  public String group() {
    return definition.group();
  }

  public String resource() {
    return definition.resource();
  }

  public boolean is(String group, String resource) {
    return definition.group().equals(group) && definition.resource().equals(resource) && subresource.isEmpty();
  }
}
