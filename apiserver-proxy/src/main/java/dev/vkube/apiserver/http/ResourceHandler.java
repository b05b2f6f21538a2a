package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.vkube.apiserver.registry.WriteResult;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.StoredObject;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
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

  ResourceHandler(BodyReader bodies, TableConvertor tables, WatchStreamer watches) {
    this.bodies = bodies;
    this.tables = tables;
    this.watches = watches;
  }

  void handle(HttpServerRequest request, byte[] body, RequestInfo info, GenericStore store, Context context,
      ResponseHooks hooks) {
    ResourceDefinition def = store.definition();
    String namespace = def.namespaced() ? info.namespace() : null;
    if (def.namespaced() && namespace == null && info.name() != null) {
      throw ApiException.pathNotFound();
    }
    checkSubresource(info, def);
    HttpServerResponse response = request.response();
    if ("scale".equals(info.subresource())) {
      scale(request, body, info, store, namespace, context);
      return;
    }
    switch (info.verb()) {
      case "get" -> reply(context, response, store.get(namespace, info.name()), (r, o) -> writeOne(request, r, o));
      case "list" -> list(request, store, namespace, context);
      case "watch" -> watches.watch(request, store, namespace, ListQuery.parse(request.params(), def), context,
          watchEncoder(request, def), hooks);
      case "create" -> create(request, body, store, namespace, context);
      case "update" -> write(context, request, store.update(namespace, info.name(), info.subresource(),
          current -> bodies.readObject(request.getHeader("Content-Type"), body), dryRun(request)), 200);
      case "patch" -> patch(request, body, info, store, namespace, context);
      case "delete" -> delete(request, body, info, store, namespace, context);
      case "deletecollection" -> deleteCollection(request, body, store, namespace, context);
      default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  private static void checkSubresource(RequestInfo info, ResourceDefinition def) {
    String sub = info.subresource();
    if (sub == null) {
      return;
    }
    if (!(sub.equals("status") || sub.equals("scale")) || !def.subresources().contains(sub)) {
      throw ApiException.pathNotFound();
    }
    if (!List.of("get", "update", "patch").contains(info.verb())) {
      throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  private void scale(HttpServerRequest request, byte[] body, RequestInfo info, GenericStore store, String namespace,
      Context context) {
    ScaleSubresource scale = new ScaleSubresource(store, store.definition().strategy().scalePaths());
    CompletionStage<ObjectNode> result = switch (info.verb()) {
      case "get" -> scale.get(namespace, info.name());
      case "update" -> scale.update(namespace, info.name(),
          current -> bodies.readObject(request.getHeader("Content-Type"), body), dryRun(request));
      default -> {
        String type = BodyReader.mediaType(request.getHeader("Content-Type"));
        JsonNode patch = bodies.read("application/json", body);
        yield scale.update(namespace, info.name(), current -> applyPatch(type, "Scale", current, patch),
            dryRun(request));
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
      Context context) {
    ObjectNode object = bodies.readObject(request.getHeader("Content-Type"), body);
    checkKind(object, store.definition());
    write(context, request, store.create(namespace, object, dryRun(request)), 201);
  }

  private void patch(HttpServerRequest request, byte[] body, RequestInfo info, GenericStore store,
      String namespace, Context context) {
    String type = BodyReader.mediaType(request.getHeader("Content-Type"));
    JsonNode patch = bodies.read(type.equals("application/apply-patch+yaml") ? type : "application/json", body);
    String kind = store.definition().kind();
    UnaryOperator<ObjectNode> apply = current -> applyPatch(type, kind, current, patch);
    write(context, request, store.update(namespace, info.name(), info.subresource(), apply, dryRun(request)), 200);
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
      throw new ApiException(422, "Invalid", e.getMessage(), null, null, null, null, null);
    }
  }

  private void delete(HttpServerRequest request, byte[] body, RequestInfo info, GenericStore store,
      String namespace, Context context) {
    DeleteOptions options = deleteOptions(request, body);
    CompletionStage<WriteResult> done = store.delete(namespace, info.name(), options);
    reply(context, request.response(), done, (response, result) ->
        Responder.json(response, result.completed() ? 200 : 202, result.object()));
  }

  private void deleteCollection(HttpServerRequest request, byte[] body, GenericStore store, String namespace,
      Context context) {
    ListQuery query = ListQuery.parse(request.params(), store.definition());
    DeleteOptions options = deleteOptions(request, body);
    reply(context, request.response(), store.deleteCollection(namespace, query.listOptions(), options),
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

  private void write(Context context, HttpServerRequest request, CompletionStage<WriteResult> result, int code) {
    reply(context, request.response(), result, (response, written) -> writeObject(request, response, code,
        written.object()));
  }

  private void writeOne(HttpServerRequest request, HttpServerResponse response, StoredObject stored) {
    Representation as = Representation.of(request.getHeader("Accept"));
    if (as == Representation.OBJECT) {
      Responder.bytes(response, 200, Responder.JSON, stored.json());
    } else {
      writeObject(request, response, 200, stored.object());
    }
  }

  private void writeObject(HttpServerRequest request, HttpServerResponse response, int code, ObjectNode object) {
    Representation as = Representation.of(request.getHeader("Accept"));
    switch (as) {
      case TABLE -> Responder.json(response, code, tables.table(columnsOf(request), List.of(object), null, null, null,
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
      Responder.json(response, 200, tables.table(tables.columns(def.group(), def.resource()), objects, rv,
          page.continueToken(), page.remainingItemCount(), request.getParam("includeObject")));
      return;
    }
    boolean partial = as == Representation.PARTIAL_METADATA;
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + page.items().size() * 512);
    String head = "{\"kind\":\"" + (partial ? "PartialObjectMetadataList" : def.listKind()) + "\",\"apiVersion\":\""
        + (partial ? "meta.k8s.io/v1" : def.groupVersion()) + "\",\"metadata\":{\"resourceVersion\":\"" + rv + "\""
        + (page.continueToken() == null ? "" : ",\"continue\":\"" + page.continueToken() + "\"")
        + (page.remainingItemCount() == null ? "" : ",\"remainingItemCount\":" + page.remainingItemCount())
        + "},\"items\":[";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < page.items().size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      StoredObject item = page.items().get(i);
      out.writeBytes(partial ? partial(item.object()).toString().getBytes(StandardCharsets.UTF_8) : item.json());
    }
    out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    Responder.bytes(response, 200, Responder.JSON, out.toByteArray());
  }

  /** Watch events carry what the client asked for: the object, a one-row Table, or metadata only. */
  private java.util.function.Function<StoredObject, byte[]> watchEncoder(HttpServerRequest request,
      ResourceDefinition def) {
    Representation as = Representation.of(request.getHeader("Accept"));
    String include = request.getParam("includeObject");
    return switch (as) {
      case TABLE -> {
        List<dev.vkube.apiserver.api.table.Column> columns = tables.columns(def.group(), def.resource());
        yield stored -> tables.table(columns, List.of(stored.object()), null, null, null, include).toString()
            .getBytes(StandardCharsets.UTF_8);
      }
      case PARTIAL_METADATA -> stored -> partial(stored.object()).toString().getBytes(StandardCharsets.UTF_8);
      default -> StoredObject::json;
    };
  }

  private static ObjectNode partial(ObjectNode object) {
    ObjectNode partial = object.objectNode();
    partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata"));
    return partial;
  }

  private List<dev.vkube.apiserver.api.table.Column> columnsOf(HttpServerRequest request) {
    RequestInfo info = RequestInfoParser.parse(request.method().name(), request.path(), false);
    return tables.columns(info.group(), info.resource());
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
