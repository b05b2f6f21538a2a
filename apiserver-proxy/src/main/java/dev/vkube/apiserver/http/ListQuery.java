package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.registry.FieldSelector;
import dev.vkube.apiserver.registry.LabelSelector;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListOptions.ResourceVersionMatch;
import dev.vkube.apiserver.storage.WatchOptions;
import io.vertx.core.MultiMap;
import java.util.function.Predicate;

/** The list and watch query parameters (metav1.ListOptions), parsed and checked once. */
record ListQuery(Predicate<ObjectNode> filter, String resourceVersion, ResourceVersionMatch match, long limit,
    String continueToken, boolean allowBookmarks, boolean sendInitialEvents, Long timeoutSeconds) {

  static ListQuery parse(MultiMap params, ResourceDefinition def) {
    LabelSelector labels = LabelSelector.parse(params.get("labelSelector"));
    FieldSelector fields = FieldSelector.parse(params.get("fieldSelector"), def.strategy().selectableFields(),
        def.namespaced());
    Predicate<ObjectNode> filter = labels.isEmpty() && fields.isEmpty() ? ListOptions.EVERYTHING
        : o -> labels.test(o.path("metadata").get("labels")) && fields.test(o);
    String rv = params.get("resourceVersion") == null ? "" : params.get("resourceVersion");
    ResourceVersionMatch match = match(params.get("resourceVersionMatch"), rv);
    long limit = longParam(params, "limit", 0);
    String continueToken = emptyToNull(params.get("continue"));
    if (continueToken != null && !rv.isEmpty() && !rv.equals("0")) {
      throw ApiException.badRequest("specifying resource version is not allowed when using continue");
    }
    boolean bookmarks = bool(params.get("allowWatchBookmarks"));
    boolean initial = bool(params.get("sendInitialEvents"));
    String timeout = params.get("timeoutSeconds");
    return new ListQuery(filter, rv, match, limit, continueToken, bookmarks, initial,
        timeout == null ? null : longParam(params, "timeoutSeconds", 0));
  }

  ListOptions listOptions() {
    return new ListOptions(resourceVersion, match, limit, continueToken, filter);
  }

  WatchOptions watchOptions() {
    return new WatchOptions(resourceVersion, sendInitialEvents, allowBookmarks, filter);
  }

  private static ResourceVersionMatch match(String value, String rv) {
    if (value == null || value.isEmpty()) {
      return ResourceVersionMatch.UNSET;
    }
    if (rv.isEmpty()) {
      throw ApiException.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
    }
    return switch (value) {
      case "NotOlderThan" -> ResourceVersionMatch.NOT_OLDER_THAN;
      case "Exact" -> {
        if (rv.equals("0")) {
          throw ApiException.badRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"");
        }
        yield ResourceVersionMatch.EXACT;
      }
      default -> throw ApiException.badRequest("resourceVersionMatch: Unsupported value: \"" + value + "\"");
    };
  }

  private static long longParam(MultiMap params, String name, long fallback) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid " + name + ": " + value);
    }
  }

  static boolean bool(String value) {
    return "true".equals(value) || "1".equals(value);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
