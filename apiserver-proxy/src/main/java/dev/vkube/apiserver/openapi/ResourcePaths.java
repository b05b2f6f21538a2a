package dev.vkube.apiserver.openapi;

import static dev.vkube.apiserver.openapi.Parameter.*;

import dev.vkube.apiserver.registry.ResourceDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths and operations of one resource as kube-apiserver's installer publishes them
 * (apiserver pkg/endpoints/installer.go): the collection, the item, the cluster-wide list of a
 * namespaced resource and the subresources with a body schema. Operation ids follow the installer:
 * {@code verb + Group + Version + [Namespaced] + Kind + [Subresource]}. Connect subresources
 * (exec, attach, portforward, proxy) are left out: no client reads their schema.
 */
final class ResourcePaths {
  private static final List<String> JSON_TYPES = List.of("application/json", "application/yaml");
  private static final List<String> BUILTIN_TYPES =
      List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf");
  private static final List<String> WATCH_TYPES =
      List.of("application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch");
  private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
      "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml");
  private static final List<String> ANY = List.of("*/*");
  private static final List<Parameter> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
  private static final List<Parameter> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
  private static final List<Parameter> DELETE =
      List.of(DRY_RUN, GRACE_PERIOD_SECONDS, ORPHAN_DEPENDENTS, PROPAGATION_POLICY);
  private static final List<Parameter> LIST = List.of(ALLOW_WATCH_BOOKMARKS, CONTINUE, FIELD_SELECTOR,
      LABEL_SELECTOR, LIMIT, RESOURCE_VERSION, RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS, WATCH);
  private static final List<Parameter> DELETE_COLLECTION = List.of(CONTINUE, DRY_RUN, FIELD_SELECTOR,
      GRACE_PERIOD_SECONDS, LABEL_SELECTOR, LIMIT, ORPHAN_DEPENDENTS, PROPAGATION_POLICY, RESOURCE_VERSION,
      RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS);
  private static final List<Parameter> LOG =
      List.of(CONTAINER, FOLLOW, LIMIT_BYTES, PREVIOUS, SINCE_SECONDS, TAIL_LINES, TIMESTAMPS);

  private final ResourceDefinition resource;
  private final SchemaCatalog schemas;
  private final GroupVersionKind gvk;
  private final String tag;
  private final String prefix;
  private final String idSuffix;
  private final List<String> produces;

  private ResourcePaths(ResourceDefinition resource, SchemaCatalog schemas, boolean builtin) {
    this.resource = resource;
    this.schemas = schemas;
    this.gvk = new GroupVersionKind(resource.group(), resource.version(), resource.kind());
    this.tag = DefinitionNames.tag(resource.group(), resource.version());
    this.prefix = resource.group().isEmpty() ? "/api/" + resource.version()
        : "/apis/" + resource.group() + "/" + resource.version();
    this.idSuffix = DefinitionNames.groupCamel(resource.group()) + DefinitionNames.capitalize(resource.version())
        + (resource.namespaced() ? "Namespaced" : "") + resource.kind();
    this.produces = builtin ? BUILTIN_TYPES : JSON_TYPES;
  }

  /** The resource's paths; {@code builtin} resources also speak protobuf and strategic merge patch. */
  static List<PathItem> of(ResourceDefinition resource, SchemaCatalog schemas, boolean builtin) {
    return new ResourcePaths(resource, schemas, builtin).paths();
  }

  private List<PathItem> paths() {
    String collection = prefix + (resource.namespaced() ? "/namespaces/{namespace}/" : "/") + resource.resource();
    String item = collection + "/{name}";
    List<PathItem> out = new ArrayList<>();
    add(out, collection, false, collectionOperations());
    add(out, item, true, itemOperations());
    if (resource.namespaced() && can("list")) {
      String all = prefix + "/" + resource.resource();
      add(out, all, false, List.of(list("list" + idSuffix.replace("Namespaced", "") + "ForAllNamespaces")));
    }
    for (String subresource : resource.subresources()) {
      add(out, item + "/" + subresource, true, subresourceOperations(subresource));
    }
    return out;
  }

  private void add(List<PathItem> out, String path, boolean named, List<Operation> operations) {
    if (operations.isEmpty()) {
      return;
    }
    List<Parameter> shared = new ArrayList<>();
    if (named) {
      shared.add(NAME);
    }
    if (resource.namespaced() && path.contains("{namespace}")) {
      shared.add(NAMESPACE);
    }
    shared.add(PRETTY);
    out.add(new PathItem(path, tag, shared, operations));
  }

  private List<Operation> collectionOperations() {
    List<Operation> ops = new ArrayList<>();
    if (can("list")) {
      ops.add(list("list" + idSuffix));
    }
    if (can("create")) {
      ops.add(write("post", "post", "create", "", gvk, schemas.kind(gvk), List.of("200", "201", "202")));
    }
    if (can("deletecollection")) {
      ops.add(op("delete", "deletecollection", "deletecollection" + idSuffix, "delete collection of " + gvk.kind(),
          gvk, DELETE_COLLECTION, deleteOptions(), status(), List.of("200"), ANY));
    }
    return ops;
  }

  private List<Operation> itemOperations() {
    List<Operation> ops = new ArrayList<>();
    String kind = schemas.kind(gvk);
    if (can("get")) {
      ops.add(op("get", "get", "read" + idSuffix, "read the specified " + gvk.kind(), gvk, List.of(), null, kind,
          List.of("200"), ANY));
    }
    if (can("update")) {
      ops.add(write("put", "put", "replace", "", gvk, kind, List.of("200", "201")));
    }
    if (can("patch")) {
      ops.add(patch("", gvk, kind));
    }
    if (can("delete")) {
      ops.add(op("delete", "delete", "delete" + idSuffix, "delete a " + gvk.kind(), gvk, DELETE, deleteOptions(),
          status(), List.of("200", "202"), ANY));
    }
    return ops;
  }

  private List<Operation> subresourceOperations(String subresource) {
    String sub = DefinitionNames.capitalize(subresource);
    return switch (subresource) {
      case "status", "approval", "ephemeralcontainers", "resize" -> readWrite(sub, gvk, schemas.kind(gvk));
      case "scale" -> readWrite(sub, scale(), schemas.kind(scale()));
      case "finalize" -> List.of(write("put", "put", "replace", sub, gvk, schemas.kind(gvk), List.of("200", "201")));
      case "eviction" -> create(sub, new GroupVersionKind("policy", "v1", "Eviction"));
      case "binding" -> create(sub, new GroupVersionKind("", "v1", "Binding"));
      case "token" -> create(sub, new GroupVersionKind("authentication.k8s.io", "v1", "TokenRequest"));
      case "log" -> List.of(op("get", "get", "read" + idSuffix + sub, "read log of the specified " + gvk.kind(), gvk,
          LOG, null, null, List.of("200"), ANY));
      default -> List.of();
    };
  }

  private List<Operation> readWrite(String sub, GroupVersionKind kindOf, String definition) {
    return List.of(
        op("get", "get", "read" + idSuffix + sub, "read " + sub.toLowerCase() + " of the specified " + gvk.kind(),
            kindOf, List.of(), null, definition, List.of("200"), ANY),
        write("put", "put", "replace", sub, kindOf, definition, List.of("200", "201")),
        patch(sub, kindOf, definition));
  }

  private List<Operation> create(String sub, GroupVersionKind kindOf) {
    return List.of(write("post", "post", "create", sub, kindOf, schemas.kind(kindOf), List.of("200", "201", "202")));
  }

  private Operation list(String id) {
    List<String> types = new ArrayList<>(produces);
    types.addAll(WATCH_TYPES.subList(0, produces == BUILTIN_TYPES ? 2 : 1));
    return op("get", "list", id, "list or watch objects of kind " + gvk.kind(), gvk, LIST, null, schemas.list(gvk),
        List.of("200"), ANY, types);
  }

  private Operation write(String method, String action, String verb, String sub, GroupVersionKind kindOf,
      String definition, List<String> codes) {
    String what = sub.isEmpty() ? "the specified " + gvk.kind() : sub.toLowerCase() + " of the specified " + gvk.kind();
    return op(method, action, verb + idSuffix + sub, verb + " " + what, kindOf, WRITE, definition, definition, codes,
        ANY);
  }

  private Operation patch(String sub, GroupVersionKind kindOf, String definition) {
    List<String> types = produces == BUILTIN_TYPES ? PATCH_TYPES
        : PATCH_TYPES.stream().filter(t -> !t.contains("strategic")).toList();
    return op("patch", "patch", "patch" + idSuffix + sub, "partially update the specified " + gvk.kind(), kindOf, PATCH,
        DefinitionNames.PATCH, definition, List.of("200", "201"), types);
  }

  private Operation op(String method, String action, String id, String description, GroupVersionKind kindOf,
      List<Parameter> parameters, String body, String response, List<String> codes, List<String> consumes) {
    return op(method, action, id, description, kindOf, parameters, body, response, codes, consumes, produces);
  }

  private static Operation op(String method, String action, String id, String description, GroupVersionKind kindOf,
      List<Parameter> parameters, String body, String response, List<String> codes, List<String> consumes,
      List<String> produces) {
    List<String> types = response == null ? List.of("text/plain", "application/json") : produces;
    return new Operation(method, action, id, description, kindOf, parameters, body, response, codes, consumes, types);
  }

  private boolean can(String verb) {
    return resource.verbs().contains(verb);
  }

  private String deleteOptions() {
    return schemas.shared(new GroupVersionKind(resource.group(), resource.version(), "DeleteOptions"));
  }

  private String status() {
    return schemas.shared(new GroupVersionKind("", "v1", "Status"));
  }

  private static GroupVersionKind scale() {
    return new GroupVersionKind("autoscaling", "v1", "Scale");
  }
}
