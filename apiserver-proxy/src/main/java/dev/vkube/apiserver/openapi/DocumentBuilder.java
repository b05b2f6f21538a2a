package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.ResourceDefinition;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the documents from one view of the served resources and the custom resources' schemas:
 * the Swagger 2.0 document, and the OpenAPI 3.0 document of each group version with its hash.
 */
final class DocumentBuilder {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The OpenAPI 3 documents by group version path ({@code api/v1}, {@code apis/apps/v1}). */
  record V3(byte[] index, Map<String, byte[]> documents, Map<String, String> hashes,
      Map<String, ObjectNode> schemas, Map<GroupVersionKind, String> kinds) {}

  private final ProtoTypes types;
  private final Collection<ResourceDefinition> resources;
  private final Map<GroupVersionKind, JsonNode> customSchemas;
  private final ListSemantics lists;

  /** {@code lists} is shared between builds; it learns the kinds of {@code resources} here. */
  DocumentBuilder(ProtoTypes types, ListSemantics lists, Collection<ResourceDefinition> resources,
      Map<GroupVersionKind, JsonNode> customSchemas) {
    this.types = types;
    this.resources = resources;
    this.customSchemas = customSchemas;
    this.lists = lists;
    for (ResourceDefinition resource : resources) {
      types.message(resource.groupVersion(), resource.kind()).ifPresent(m -> lists.addKind(resource.kind(), m));
    }
  }

  byte[] v2() {
    SchemaCatalog schemas = catalog(SchemaDialect.V2);
    List<PathItem> paths = new ArrayList<>();
    resources.forEach(resource -> paths.addAll(ResourcePaths.of(resource, schemas, isBuiltin(resource))));
    defineExtras(schemas, groupVersions());
    return bytes(SwaggerDocument.write(paths, schemas.definitions()));
  }

  V3 v3() {
    SchemaCatalog schemas = catalog(SchemaDialect.V3);
    Map<String, GroupVersionPaths> byGroupVersion = new LinkedHashMap<>();
    for (String groupVersion : groupVersions()) {
      byGroupVersion.put(groupVersion, new GroupVersionPaths(new ArrayList<>(),
          new LinkedHashSet<>(defineExtras(schemas, List.of(groupVersion)))));
    }
    for (ResourceDefinition resource : resources) {
      List<PathItem> paths = ResourcePaths.of(resource, schemas, isBuiltin(resource));
      byGroupVersion.get(resource.groupVersion()).add(paths);
    }
    Map<String, ObjectNode> all = schemas.definitions();
    Map<String, byte[]> documents = new LinkedHashMap<>();
    Map<String, String> hashes = new LinkedHashMap<>();
    ObjectNode index = JsonNodeFactory.instance.objectNode();
    ObjectNode indexPaths = index.putObject("paths");
    Map<String, List<String>> refs = new HashMap<>();
    byGroupVersion.forEach((groupVersion, gv) -> {
      String key = path(groupVersion);
      byte[] document = bytes(OpenApiV3Document.write(gv.paths(),
          SchemaCatalog.closure(all, gv.roots(), SchemaDialect.V3, refs)));
      documents.put(key, document);
      hashes.put(key, sha512(document));
      indexPaths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hashes.get(key));
    });
    return new V3(bytes(index), documents, hashes, all, schemas.kindsDefined());
  }

  /** One group version's paths and the definitions they (and the group version) publish. */
  private record GroupVersionPaths(List<PathItem> paths, Set<String> roots) {
    void add(List<PathItem> more) {
      paths.addAll(more);
      for (PathItem item : more) {
        for (Operation op : item.operations()) {
          if (op.body() != null) {
            roots.add(op.body());
          }
          if (op.response() != null) {
            roots.add(op.response());
          }
        }
      }
    }
  }

  /** {@code v1} -> {@code api/v1}; {@code apps/v1} -> {@code apis/apps/v1}. */
  static String path(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }

  private SchemaCatalog catalog(SchemaDialect dialect) {
    return new SchemaCatalog(types, lists, dialect, customSchemas);
  }

  private boolean isBuiltin(ResourceDefinition resource) {
    GroupVersionKind gvk = new GroupVersionKind(resource.group(), resource.version(), resource.kind());
    return !customSchemas.containsKey(gvk) && types.message(resource.groupVersion(), resource.kind()).isPresent();
  }

  /** Served group versions, then those only a registered schema names. */
  private List<String> groupVersions() {
    Set<String> out = new LinkedHashSet<>();
    resources.forEach(resource -> out.add(resource.groupVersion()));
    customSchemas.keySet().forEach(gvk -> out.add(gvk.apiVersion()));
    return List.copyOf(out);
  }

  /**
   * Definitions every group version publishes beyond its operations' bodies: WatchEvent (the watch
   * stream's frames) and registered custom kinds that have no served resource yet.
   */
  private List<String> defineExtras(SchemaCatalog schemas, List<String> groupVersions) {
    List<String> names = new ArrayList<>();
    for (String groupVersion : groupVersions) {
      String group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
      String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
      names.add(schemas.shared(new GroupVersionKind(group, version, "WatchEvent")));
      customSchemas.keySet().stream().filter(gvk -> gvk.apiVersion().equals(groupVersion))
          .forEach(gvk -> {
            names.add(schemas.kind(gvk));
            names.add(schemas.list(gvk));
          });
    }
    return names;
  }

  private static byte[] bytes(JsonNode document) {
    try {
      return JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an OpenAPI document", e);
    }
  }

  /** kube-openapi's etag and hash: SHA-512 of the document, upper-case hex (handler3). */
  static String sha512(byte[] document) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(document));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is missing from this JVM", e);
    }
  }
}
