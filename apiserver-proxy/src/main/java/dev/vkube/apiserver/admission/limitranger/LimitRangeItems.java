package dev.vkube.apiserver.admission.limitranger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * SetDefaults_LimitRangeItem, applied to a copy when reading: a Container item's default limit falls
 * back to max, its default request to the default limit, then to min.
 */
final class LimitRangeItems {
  private LimitRangeItems() {}

  static ObjectNode withDefaults(ObjectNode range) {
    ObjectNode copy = range.deepCopy();
    for (JsonNode node : copy.path("spec").path("limits")) {
      if (node instanceof ObjectNode item && item.path("type").asText().equals("Container")) {
        ObjectNode defaults = item.with("default");
        ObjectNode requests = item.with("defaultRequest");
        fill(defaults, item.path("max"));
        fill(requests, defaults);
        fill(requests, item.path("min"));
      }
    }
    return copy;
  }

  private static void fill(ObjectNode target, JsonNode source) {
    for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!target.has(e.getKey())) {
        target.set(e.getKey(), e.getValue());
      }
    }
  }
}
