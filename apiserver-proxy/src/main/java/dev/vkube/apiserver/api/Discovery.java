package dev.vkube.apiserver.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.util.List;
import java.util.Map;

/**
 * Discovery documents rendered from the registry: /api, /apis, /api/v1, /apis/G/V (legacy) and the
 * aggregated APIGroupDiscoveryList (apidiscovery.k8s.io v2 and v2beta1) kubectl asks for first.
 */
public final class Discovery {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Verbs and response kinds of subresources as kube-apiserver lists them. */
  private static final Map<String, List<String>> SUBRESOURCE_VERBS = Map.ofEntries(
      Map.entry("status", List.of("get", "patch", "update")),
      Map.entry("scale", List.of("get", "patch", "update")),
      Map.entry("approval", List.of("get", "patch", "update")),
      Map.entry("ephemeralcontainers", List.of("get", "patch", "update")),
      Map.entry("resize", List.of("get", "patch", "update")),
      Map.entry("finalize", List.of("update")),
      Map.entry("log", List.of("get")),
      Map.entry("binding", List.of("create")),
      Map.entry("eviction", List.of("create")),
      Map.entry("token", List.of("create")),
      Map.entry("exec", List.of("create", "get")),
      Map.entry("attach", List.of("create", "get")),
      Map.entry("portforward", List.of("create", "get")),
      Map.entry("proxy", List.of("create", "delete", "get", "patch", "update")));
  private static final Map<String, String[]> SUBRESOURCE_KINDS = Map.of(
      "scale", new String[] {"autoscaling", "v1", "Scale"},
      "binding", new String[] {"", "v1", "Binding"},
      "eviction", new String[] {"policy", "v1", "Eviction"},
      "token", new String[] {"authentication.k8s.io", "v1", "TokenRequest"},
      "exec", new String[] {"", "v1", "PodExecOptions"},
      "attach", new String[] {"", "v1", "PodAttachOptions"},
      "portforward", new String[] {"", "v1", "PodPortForwardOptions"},
      "proxy", new String[] {"", "v1", "PodProxyOptions"});

  private final ResourceRegistry registry;

  public Discovery(ResourceRegistry registry) {
    this.registry = registry;
  }

  public ObjectNode apiVersions() {
    ObjectNode doc = typed("APIVersions", null);
    doc.putArray("versions").add("v1");
    ArrayNode addresses = doc.putArray("serverAddressByClientCIDRs");
    addresses.addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "");
    return doc;
  }

  public ObjectNode apiGroupList() {
    ObjectNode doc = typed("APIGroupList", "v1");
    ArrayNode groups = doc.putArray("groups");
    for (String group : groups()) {
      groups.add(apiGroup(group, false));
    }
    return doc;
  }

  /** /apis/GROUP; null when the group is not served. */
  public ObjectNode apiGroup(String group, boolean typed) {
    List<String> versions = versions(group);
    if (versions.isEmpty()) {
      return null;
    }
    ObjectNode doc = typed ? typed("APIGroup", "v1") : NODES.objectNode();
    doc.put("name", group);
    ArrayNode list = doc.putArray("versions");
    for (String version : versions) {
      list.addObject().put("groupVersion", group + "/" + version).put("version", version);
    }
    doc.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0))
        .put("version", versions.get(0));
    return doc;
  }

  /** /api/v1 or /apis/G/V; null when not served. */
  public ObjectNode apiResourceList(String group, String version) {
    List<ResourceDefinition> defs = resources(group, version);
    if (defs.isEmpty()) {
      return null;
    }
    ObjectNode doc = typed("APIResourceList", "v1");
    doc.put("groupVersion", defs.get(0).groupVersion());
    ArrayNode list = doc.putArray("resources");
    for (ResourceDefinition def : defs) {
      ObjectNode r = list.addObject();
      r.put("name", def.resource()).put("singularName", def.singular()).put("namespaced", def.namespaced())
          .put("kind", def.kind());
      strings(r.putArray("verbs"), def.verbs());
      if (!def.shortNames().isEmpty()) {
        strings(r.putArray("shortNames"), def.shortNames());
      }
      if (!def.categories().isEmpty()) {
        strings(r.putArray("categories"), def.categories());
      }
      for (String sub : def.subresources()) {
        String[] kind = SUBRESOURCE_KINDS.getOrDefault(sub, new String[] {def.group(), def.version(), def.kind()});
        ObjectNode s = list.addObject();
        s.put("name", def.resource() + "/" + sub).put("singularName", "").put("namespaced", def.namespaced());
        if (!kind[0].equals(def.group()) || !kind[1].equals(def.version())) {
          s.put("group", kind[0]).put("version", kind[1]);
        }
        s.put("kind", kind[2]);
        strings(s.putArray("verbs"), SUBRESOURCE_VERBS.getOrDefault(sub, List.of("get")));
      }
    }
    return doc;
  }

  /** The aggregated document for /api (core) or /apis (every group), in v2 or v2beta1. */
  public ObjectNode aggregated(boolean core, String discoveryVersion) {
    ObjectNode doc = typed("APIGroupDiscoveryList", "apidiscovery.k8s.io/" + discoveryVersion);
    doc.putObject("metadata");
    ArrayNode items = doc.putArray("items");
    for (String group : core ? List.of("") : groups()) {
      ObjectNode item = items.addObject();
      item.putObject("metadata").put("name", group).putNull("creationTimestamp");
      ArrayNode versions = item.putArray("versions");
      for (String version : versions(group)) {
        ObjectNode v = versions.addObject();
        v.put("version", version);
        ArrayNode resources = v.putArray("resources");
        resources(group, version).forEach(def -> resources.add(aggregatedResource(def)));
        v.put("freshness", "Current");
      }
    }
    return doc;
  }

  private ObjectNode aggregatedResource(ResourceDefinition def) {
    ObjectNode r = NODES.objectNode();
    r.put("resource", def.resource());
    r.set("responseKind", kind(def.group(), def.version(), def.kind()));
    r.put("scope", def.namespaced() ? "Namespaced" : "Cluster");
    r.put("singularResource", def.singular());
    strings(r.putArray("verbs"), def.verbs());
    if (!def.shortNames().isEmpty()) {
      strings(r.putArray("shortNames"), def.shortNames());
    }
    if (!def.categories().isEmpty()) {
      strings(r.putArray("categories"), def.categories());
    }
    if (!def.subresources().isEmpty()) {
      ArrayNode subs = r.putArray("subresources");
      for (String sub : def.subresources()) {
        String[] k = SUBRESOURCE_KINDS.getOrDefault(sub, new String[] {def.group(), def.version(), def.kind()});
        ObjectNode s = subs.addObject();
        s.put("subresource", sub);
        s.set("responseKind", kind(k[0], k[1], k[2]));
        strings(s.putArray("verbs"), SUBRESOURCE_VERBS.getOrDefault(sub, List.of("get")));
      }
    }
    return r;
  }

  private List<String> groups() {
    return registry.groupVersions().stream().filter(gv -> gv.contains("/")).map(gv -> gv.substring(0,
        gv.indexOf('/'))).distinct().toList();
  }

  private List<String> versions(String group) {
    return registry.groupVersions().stream().filter(gv -> group.isEmpty() ? !gv.contains("/")
        : gv.startsWith(group + "/")).map(gv -> gv.contains("/") ? gv.substring(gv.indexOf('/') + 1) : gv)
        .toList();
  }

  private List<ResourceDefinition> resources(String group, String version) {
    return registry.all().stream().filter(d -> d.group().equals(group) && d.version().equals(version)).toList();
  }

  private static ObjectNode kind(String group, String version, String kind) {
    return NODES.objectNode().put("group", group).put("version", version).put("kind", kind);
  }

  private static ObjectNode typed(String kind, String apiVersion) {
    ObjectNode doc = NODES.objectNode();
    doc.put("kind", kind);
    if (apiVersion != null) {
      doc.put("apiVersion", apiVersion);
    }
    return doc;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
