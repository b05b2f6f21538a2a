package dev.vkube.apiserver.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fieldsV1RoundTripsWithSelfMarkersAndSortedKeys() throws Exception {
    String upstream = "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:template\":{\"f:spec\":"
        + "{\"f:containers\":{\"k:{\\\"name\\\":\\\"nginx\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{},\"f:ports\":"
        + "{\".\":{},\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{}}}}}}}}}";
    FieldSet set = FieldSet.fromFieldsV1(JSON.readTree(upstream));

    assertTrue(set.contains(FieldPath.of("metadata", "labels")));
    assertTrue(set.contains(FieldPath.of("metadata", "labels", "app")));
    assertEquals(upstream, set.toFieldsV1().toString());
  }

  @Test
  void pathsPrintAsConflictMessagesShowThem() {
    FieldPath image = FieldPath.of("spec", "template", "spec", "containers")
        .child(PathElement.key(Map.of("name", TextNode.valueOf("nginx")))).child("image");
    FieldPath port = FieldPath.of("spec", "ports")
        .child(PathElement.key(Map.of("protocol", TextNode.valueOf("TCP"), "port", IntNode.valueOf(80))));
    FieldPath finalizer = FieldPath.of("metadata", "finalizers").child(PathElement.value(TextNode.valueOf("a/b")));

    assertEquals(".spec.template.spec.containers[name=\"nginx\"].image", image.toString());
    assertEquals(".spec.ports[port=80,protocol=\"TCP\"]", port.toString());
    assertEquals(".metadata.finalizers[=\"a/b\"]", finalizer.toString());
  }

  @Test
  void malformedFieldsV1IsRejected() throws Exception {
    JsonNode bad = JSON.readTree("{\"x:spec\":{}}");
    assertThrows(IllegalArgumentException.class, () -> FieldSet.fromFieldsV1(bad));
  }
}
