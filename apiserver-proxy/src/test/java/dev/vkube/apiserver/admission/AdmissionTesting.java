package dev.vkube.apiserver.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import dev.vkube.apiserver.storage.Json;
import java.util.List;

/** Requests and objects for plugin tests, written as the YAML-ish JSON users send. */
public final class AdmissionTesting {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.builtin();
  private static final UserInfo USER = UserInfo.of("alice", List.of("system:authenticated"));

  private AdmissionTesting() {}

  /** JSON with single quotes for readability. */
  public static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  public static ResourceDefinition definition(String group, String resource) {
    return REGISTRY.all().stream().filter(d -> d.group().equals(group) && d.resource().equals(resource))
        .findFirst().orElseThrow();
  }

  public static AdmissionRequest create(String group, String resource, String namespace, ObjectNode object) {
    return new AdmissionRequest(Operation.CREATE, definition(group, resource), "", namespace,
        object.path("metadata").path("name").asText(), object, null, USER, false, new Warnings());
  }

  public static AdmissionRequest update(String group, String resource, String namespace, ObjectNode object,
      ObjectNode old) {
    return new AdmissionRequest(Operation.UPDATE, definition(group, resource), "", namespace,
        object.path("metadata").path("name").asText(), object, old, USER, false, new Warnings());
  }

  public static AdmissionRequest delete(String group, String resource, String namespace, String name) {
    return new AdmissionRequest(Operation.DELETE, definition(group, resource), "", namespace, name, null,
        json("{}"), USER, false, new Warnings());
  }

  /** A pod named {@code name} with containers "c" (image nginx) and the given container resources. */
  public static ObjectNode pod(String name, String resources) {
    return json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "','namespace':'ns'},"
        + "'spec':{'containers':[{'name':'c','image':'nginx','resources':" + resources + "}]},"
        + "'status':{'phase':'Pending'}}");
  }

  /** Runs the plugin as the chain does: admit, then validate. */
  public static void admit(AdmissionPlugin plugin, AdmissionRequest request) {
    if (plugin.handles(request)) {
      plugin.admit(request);
      plugin.validate(request);
    }
  }
}
