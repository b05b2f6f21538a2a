package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.Warnings;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.api.TableConvertor;
import dev.vkube.apiserver.patch.JsonMergePatch;
import dev.vkube.apiserver.patch.JsonPatch;
import dev.vkube.apiserver.patch.PatchException;
import dev.vkube.apiserver.patch.StrategicMergePatch;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ScaleSubresource;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.controllers.cluster.disruption.PodEviction;
import dev.vkube.apiserver.registry.VirtualResources;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.registry.WriteResult;
import dev.vkube.apiserver.registry.core.PodBinding;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.StoredObject;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/** The generic REST verbs over one resource's store (k8s.io/apiserver endpoints/handlers). */
final class ResourceHandler {
  private final BodyReader bodies;
  private final TableConvertor tables;
  private final WatchStreamer watches;
  private final FieldValidation fields;
  private final VirtualResources virtualResources;
  private final PodEviction evictions;
  private final PodBinding bindings;
  private static final byte[] LIST_END = "]}".getBytes(StandardCharsets.UTF_8);

  ResourceHandler(BodyReader bodies, TableConvertor tables, WatchStreamer watches, FieldValidation fields,
      VirtualResources virtualResources, PodEviction evictions, PodBinding bindings) {
    this.evictions = evictions;
    this.bindings = bindings;
    this.bodies = bodies;
    this.tables = tables;
    this.watches = watches;
    this.fields = fields;
    this.virtualResources = virtualResources;
  }

  void handle(HttpServerRequest request, byte[] body, RequestInfo info, GenericStore store, Context context,
      ResponseHooks hooks, UserInfo user) {
    Warnings warnings = new Warnings();
    WriteContext write = new WriteContext(user, manager(request), dryRun(request), warnings);
    // Admission warnings (PodSecurity, quota) go out as Warning headers, success or failure alike
    request.response().headersEndHandler(v -> warnings.headers().forEach(h -> request.response().headers()
        .add("Warning", h)));
    ResourceDefinition def = store.definition();
    var computed = virtualResources.find(def.group(), def.resource(), info.subresource());
    if (computed.isPresent()) {
      if (!info.verb().equals("create")) {
        throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
      }
      ObjectNode answer = computed.get().create(def.namespaced() ? info.namespace() : null, info.name(),
          bodies.readObject(request.getHeader("Content-Type"), body), user);
      Responder.json(request.response(), "Status".equals(answer.path("kind").asText()) ? 200 : 201, answer);
      return;
    }
    if ("eviction".equals(info.subresource()) && def.group().isEmpty() && def.resource().equals("pods")) {
      evict(request, body, info, context, write);
      return;
    }
    if (def.group().isEmpty() && (def.resource().equals("bindings")
        || def.resource().equals("pods") && "binding".equals(info.subresource()))) {
      bind(request, body, info, def, context, write);
      return;
    }
    checkSubresource(info, def);
    String namespace = def.namespaced() ? info.namespace() : null;
    if (def.namespaced() && namespace == null && info.name() != null) {
      throw ApiException.pathNotFound();
    }
    HttpServerResponse response = request.response();
    if ("scale".equals(info.subresource())) {
      scale(request, body, info, store, namespace, context, write);
      return;
    }
    switch (info.verb()) {
      case "get" -> reply(context, response, store.get(namespace, info.name()),
          (r, o) -> writeOne(request, r, o, def));
      case "list" -> list(request, store, namespace, context);
      case "watch" -> watches.watch(request, store, namespace, ListQuery.parse(request.params(), def), context,
          watchEncoder(request, def), Representation.of(request.getHeader("Accept")) == Representation.OBJECT,
          hooks);
      case "create" -> create(request, body, store, namespace, context, write);
      case "update" -> {
        ObjectNode replacement = bodies.readObject(request.getHeader("Content-Type"), body);
        fields.check(request, def, replacement);
        write(context, request, store.update(namespace, info.name(), info.subresource(), current -> replacement,
            write), 200, def);
      }
      case "patch" -> patch(request, body, info, store, namespace, context, write);
      case "delete" -> delete(request, body, info, store, namespace, context, write);
      case "deletecollection" -> deleteCollection(request, body, store, namespace, context, write);
      default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  /** pods/eviction (policy/v1 Eviction): refused with 429 while a disruption budget forbids it. */
  private void evict(HttpServerRequest request, byte[] body, RequestInfo info, Context context, WriteContext write) {
    if (!"create".equals(info.verb())) {
      throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    ObjectNode eviction = bodies.readObject(request.getHeader("Content-Type"), body);
    reply(context, request.response(), evictions.evict(info.namespace(), info.name(), eviction, write.user(),
        write.dryRun()), (response, status) -> Responder.json(response, 201, status));
  }

  /** pods/NAME/binding and the legacy namespaced bindings collection (a v1 Binding from a scheduler). */
  private void bind(HttpServerRequest request, byte[] body, RequestInfo info, ResourceDefinition def,
      Context context, WriteContext write) {
    if (!"create".equals(info.verb()) || info.namespace() == null) {
      throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    ObjectNode binding = bodies.readObject(request.getHeader("Content-Type"), body);
    String urlName = def.resource().equals("pods") ? info.name() : null;
    reply(context, request.response(), bindings.bind(info.namespace(), urlName, binding, write.dryRun()),
        (response, status) -> Responder.json(response, 201, status));
  }

  private static void checkSubresource(RequestInfo info, ResourceDefinition def) {
    String sub = info.subresource();
    if (sub == null) {
      return;
    }
    if (!(sub.equals("status") || sub.equals("scale") || sub.equals("finalize")) || !def.subresources().contains(sub)) {
      throw ApiException.pathNotFound();
    }
    // namespaces/finalize is an Updater only (FinalizeREST): PUT, no GET and no PATCH.
    List<String> verbs = sub.equals("finalize") ? List.of("update") : List.of("get", "update", "patch");
    if (!verbs.contains(info.verb())) {
      throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  private void scale(HttpServerRequest request, byte[] body, RequestInfo info, GenericStore store, String namespace,
      Context context, WriteContext write) {
    ScaleSubresource scale = new ScaleSubresource(store, store.definition().strategy().scalePaths());
    CompletionStage<ObjectNode> result = switch (info.verb()) {
      case "get" -> scale.get(namespace, info.name());
      case "update" -> scale.update(namespace, info.name(),
          current -> bodies.readObject(request.getHeader("Content-Type"), body), write);
      default -> {
        String type = BodyReader.mediaType(request.getHeader("Content-Type"));
        JsonNode patch = bodies.read("application/json", body);
        yield scale.update(namespace, info.name(), current -> applyPatch(type, "Scale", current, patch),
            write);
      }
    };
    reply(context, request.response(), result, (response, object) -> Responder.json(response, 200, object));
  }

  private void list(HttpServerRequest request, GenericStore store, String namespace, Context context) {
    ListQuery query = ListQuery.parse(request.params(), store.definition());
    reply(context, request.response(), store.list(namespace, query.listOptions()),
        (response, page) -> writeList(request, response, store.definition(), page));
  }

  private void create(HttpServerRequest request, byte[] body, GenericStore store, String namespace,
      Context context, WriteContext write) {
    ObjectNode object = bodies.readObject(request.getHeader("Content-Type"), body);
    checkKind(object, store.definition());
    fields.check(request, store.definition(), object);
    write(context, request, store.create(namespace, object, write), 201,
        store.definition());
  }

  private void patch(HttpServerRequest request, byte[] body, RequestInfo info, GenericStore store,
      String namespace, Context context, WriteContext write) {
    String type = BodyReader.mediaType(request.getHeader("Content-Type"));
    JsonNode patch = bodies.read(type.equals("application/apply-patch+yaml") ? type : "application/json", body);
    String kind = store.definition().kind();
    if (type.equals("application/strategic-merge-patch+json")
        && !store.definition().strategy().acceptsStrategicMergePatch()) {
      throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
          + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
          + "application/apply-patch+yaml", null, null, null, null, null);
    }
    if (type.equals("application/merge-patch+json") || type.equals("application/apply-patch+yaml")) {
      fields.check(request, store.definition(), patch);
    }
    if (type.equals("application/apply-patch+yaml")) {
      serverSideApply(request, patch, info, store, namespace, context, write);
      return;
    }
    UnaryOperator<ObjectNode> apply = current -> applyPatch(type, kind, current, patch);
    write(context, request, store.update(namespace, info.name(), info.subresource(), apply,
        write), 200, store.definition());
  }

  /** Server-side apply: fieldManager is required; force takes over conflicting fields. */
  private void serverSideApply(HttpServerRequest request, JsonNode patch, RequestInfo info, GenericStore store,
      String namespace, Context context, WriteContext write) {
    String manager = request.getParam("fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw ApiException.badRequest("PATCH " + request.path() + ": fieldManager is required for apply requests");
    }
    if (!(patch instanceof ObjectNode applied)) {
      throw ApiException.badRequest("the apply configuration must be an object");
    }
    ResourceDefinition def = store.definition();
    if (!def.groupVersion().equals(applied.path("apiVersion").asText()) || !def.kind().equals(applied.path("kind")
        .asText())) {
      throw ApiException.badRequest("apiVersion and kind of the applied object (" + applied.path("apiVersion")
          .asText() + ", " + applied.path("kind").asText() + ") must be " + def.groupVersion() + ", " + def.kind());
    }
    boolean force = ListQuery.bool(request.getParam("force"));
    reply(context, request.response(), store.apply(namespace, info.name(), info.subresource(), applied, force,
        write), (response, result) -> writeObject(request, response, result.created() ? 201 : 200,
            asServed(result.object(), def), def));
  }

  /**
   * The field manager of a write: the fieldManager parameter, else the User-Agent's product name as
   * upstream derives it (handlers/rest.go prefixFromUserAgent).
   */
  private static String manager(HttpServerRequest request) {
    String manager = request.getParam("fieldManager");
    if (manager != null && !manager.isEmpty()) {
      return manager;
    }
    String agent = request.getHeader("User-Agent");
    if (agent == null || agent.isEmpty()) {
      return "unknown";
    }
    int slash = agent.indexOf('/');
    String product = slash < 0 ? agent : agent.substring(0, slash);
    return product.length() > 128 ? product.substring(0, 128) : product;
  }

  private static ObjectNode applyPatch(String type, String kind, ObjectNode current, JsonNode patch) {
    try {
      JsonNode patched = switch (type) {
        case "application/json-patch+json" -> JsonPatch.apply(current, patch);
        case "application/merge-patch+json" -> JsonMergePatch.apply(current, patch);
        case "application/strategic-merge-patch+json" -> StrategicMergePatch.apply(kind, current, patch);
        default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown "
            + "format - accepted media types include: application/json-patch+json, application/merge-patch+json, "
            + "application/strategic-merge-patch+json", null, null, null, null, null);
      };
      if (!(patched instanceof ObjectNode object)) {
        throw ApiException.badRequest("the patch did not produce an object");
      }
      return object;
    } catch (PatchException e) {
      // kube-apiserver answers a patch it cannot apply with NewGenericServerResponse(422): a generic message
      // and empty details, which kubectl prints as "The request is invalid: ...".
      throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request",
          "", "", "", List.of(), null);
    }
  }

  private void delete(HttpServerRequest request, byte[] body, RequestInfo info, GenericStore store,
      String namespace, Context context, WriteContext write) {
    DeleteOptions options = deleteOptions(request, body);
    CompletionStage<WriteResult> done = store.delete(namespace, info.name(), options,
        write.withDryRun(options.dryRun()));
    reply(context, request.response(), done, (response, result) ->
        Responder.json(response, result.completed() ? 200 : 202, result.object()));
  }

  private void deleteCollection(HttpServerRequest request, byte[] body, GenericStore store, String namespace,
      Context context, WriteContext write) {
    ListQuery query = ListQuery.parse(request.params(), store.definition());
    DeleteOptions options = deleteOptions(request, body);
    reply(context, request.response(), store.deleteCollection(namespace, query.listOptions(), options,
        write.withDryRun(options.dryRun())),
        (response, deleted) -> {
          ObjectNode list = dev.vkube.apiserver.storage.Json.MAPPER.createObjectNode();
          list.put("kind", store.definition().listKind()).put("apiVersion", store.definition().groupVersion());
          list.putObject("metadata");
          deleted.forEach(list.putArray("items")::add);
          Responder.json(response, 200, list);
        });
  }

  private DeleteOptions deleteOptions(HttpServerRequest request, byte[] body) {
    JsonNode given = body.length == 0 ? dev.vkube.apiserver.storage.Json.MAPPER.createObjectNode()
        : bodies.read(request.getHeader("Content-Type"), body);
    Long grace = given.hasNonNull("gracePeriodSeconds") ? Long.valueOf(given.get("gracePeriodSeconds").asLong())
        : request.getParam("gracePeriodSeconds") != null ? Long.valueOf(request.getParam("gracePeriodSeconds")) : null;
    String policy = given.hasNonNull("propagationPolicy") ? given.get("propagationPolicy").asText()
        : request.getParam("propagationPolicy");
    if (given.path("orphanDependents").asBoolean(false)) {
      policy = "Orphan";
    }
    JsonNode pre = given.path("preconditions");
    Preconditions preconditions = new Preconditions(pre.hasNonNull("uid") ? pre.get("uid").asText() : null,
        pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null);
    boolean dryRun = dryRun(request) || given.path("dryRun").size() > 0;
    return new DeleteOptions(grace, policy, preconditions, dryRun);
  }

  private static void checkKind(ObjectNode object, ResourceDefinition def) {
    String kind = object.path("kind").asText("");
    if (!kind.isEmpty() && !kind.equals(def.kind())) {
      throw ApiException.badRequest("the kind of the object (" + kind + ") does not match the resource ("
          + def.kind() + ")");
    }
  }

  private static boolean dryRun(HttpServerRequest request) {
    String value = request.getParam("dryRun");
    if (value == null) {
      return false;
    }
    if (!value.equals("All")) {
      throw ApiException.badRequest("dryRun: Unsupported value: \"" + value + "\": supported values: \"All\"");
    }
    return true;
  }

  private void write(Context context, HttpServerRequest request, CompletionStage<WriteResult> result, int code,
      ResourceDefinition def) {
    reply(context, request.response(), result, (response, written) -> writeObject(request, response, code,
        asServed(written.object(), def), def));
  }

  private void writeOne(HttpServerRequest request, HttpServerResponse response, StoredObject stored,
      ResourceDefinition def) {
    Representation as = Representation.of(request.getHeader("Accept"));
    if (as == Representation.OBJECT) {
      Responder.bytes(response, 200, Responder.JSON, servedJson(stored, def));
    } else {
      writeObject(request, response, 200, asServed(stored.object(), def), def);
    }
  }

  /**
   * Objects of a multi-version custom resource are stored as written; conversion None means only the
   * apiVersion changes when read through another version.
   */
  private static ObjectNode asServed(ObjectNode object, ResourceDefinition def) {
    if (def.groupVersion().equals(object.path("apiVersion").asText())) {
      return object;
    }
    ObjectNode copy = object.deepCopy();
    copy.put("apiVersion", def.groupVersion());
    return copy;
  }

  private static byte[] servedJson(StoredObject stored, ResourceDefinition def) {
    ObjectNode served = asServed(stored.object(), def);
    return served == stored.object() ? stored.json() : served.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void writeObject(HttpServerRequest request, HttpServerResponse response, int code, ObjectNode object,
      ResourceDefinition def) {
    Representation as = Representation.of(request.getHeader("Accept"));
    switch (as) {
      case TABLE -> Responder.json(response, code, tables.table(columnsFor(def), List.of(object), null, null, null,
          request.getParam("includeObject")));
      case PARTIAL_METADATA -> Responder.json(response, code, partial(object));
      default -> Responder.json(response, code, object);
    }
  }

  private void writeList(HttpServerRequest request, HttpServerResponse response, ResourceDefinition def,
      ListResult page) {
    Representation as = Representation.of(request.getHeader("Accept"));
    String rv = Long.toString(page.resourceVersion());
    if (as == Representation.TABLE) {
      List<JsonNode> objects = new ArrayList<>(page.items().size());
      page.items().forEach(item -> objects.add(item.object()));
      Responder.json(response, 200, tables.table(columnsFor(def), objects, rv,
          page.continueToken(), page.remainingItemCount(), request.getParam("includeObject")));
      return;
    }
    boolean partial = as == Representation.PARTIAL_METADATA;
    List<byte[]> items = new ArrayList<>(page.items().size());
    int size = 64;
    for (StoredObject item : page.items()) {
      byte[] json = partial ? partial(item.object()).toString().getBytes(StandardCharsets.UTF_8)
          : servedJson(item, def);
      items.add(json);
      size += json.length + 1;
    }
    byte[] head = ("{\"kind\":\"" + (partial ? "PartialObjectMetadataList" : def.listKind())
        + "\",\"apiVersion\":\"" + (partial ? "meta.k8s.io/v1" : def.groupVersion())
        + "\",\"metadata\":{\"resourceVersion\":\"" + rv + "\""
        + (page.continueToken() == null ? "" : ",\"continue\":\"" + page.continueToken() + "\"")
        + (page.remainingItemCount() == null ? "" : ",\"remainingItemCount\":" + page.remainingItemCount())
        + "},\"items\":[").getBytes(StandardCharsets.UTF_8);
    // One buffer sized up front: a 10,000-item list is copied once, not regrown and copied again.
    Buffer out = Buffer.buffer(size + head.length);
    out.appendBytes(head);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      out.appendBytes(items.get(i));
    }
    out.appendBytes(LIST_END);
    Responder.buffer(response, 200, Responder.JSON, out);
  }

  /** Watch events carry what the client asked for: the object, a one-row Table, or metadata only. */
  private java.util.function.Function<StoredObject, byte[]> watchEncoder(HttpServerRequest request,
      ResourceDefinition def) {
    Representation as = Representation.of(request.getHeader("Accept"));
    String include = request.getParam("includeObject");
    return switch (as) {
      case TABLE -> {
        List<dev.vkube.apiserver.api.table.Column> columns = columnsFor(def);
        yield stored -> tables.table(columns, List.of(stored.object()), null, null, null, include).toString()
            .getBytes(StandardCharsets.UTF_8);
      }
      case PARTIAL_METADATA -> stored -> partial(stored.object()).toString().getBytes(StandardCharsets.UTF_8);
      default -> stored -> servedJson(stored, def);
    };
  }

  private static ObjectNode partial(ObjectNode object) {
    ObjectNode partial = object.objectNode();
    partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata"));
    return partial;
  }

  private List<dev.vkube.apiserver.api.table.Column> columnsFor(ResourceDefinition def) {
    return tables.columns(def.group(), def.resource(), def.strategy().tableColumns());
  }

  /** Completes on the request's event loop: the storage stage completes on a jetcd thread. */
  static <T> void reply(Context context, HttpServerResponse response, CompletionStage<T> stage,
      BiConsumer<HttpServerResponse, T> onSuccess) {
    stage.whenComplete((value, failure) -> context.runOnContext(v -> {
      try {
        if (failure != null) {
          Responder.failure(response, failure);
        } else {
          onSuccess.accept(response, value);
        }
      } catch (RuntimeException e) {
        Responder.failure(response, e);
      }
    }));
  }

  static String name(ObjectNode object) {
    return Meta.name(object);
  }
}
