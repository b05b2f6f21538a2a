package dev.vkube.apiserver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.registry.core.PodStrategy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void podFieldsSelectAsGetAttrsDoes() throws Exception {
    ObjectNode pod = (ObjectNode) MAPPER.readTree("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\"},"
        + "\"spec\":{\"nodeName\":\"n1\"},\"status\":{\"phase\":\"Running\"}}");
    Map<String, String> fields = new PodStrategy().selectableFields();
    assertTrue(FieldSelector.parse("spec.nodeName=n1,status.phase!=Pending", fields, true).test(pod));
    assertFalse(FieldSelector.parse("metadata.name==q", fields, true).test(pod));
    assertTrue(FieldSelector.parse("metadata.namespace=ns", fields, true).test(pod));
    // An absent hostNetwork is false in Go's zero value.
    assertTrue(FieldSelector.parse("spec.hostNetwork=false", fields, true).test(pod));
  }

  @Test
  void unsupportedFieldIsBadRequestWithUpstreamMessage() {
    ApiException e = assertThrows(ApiException.class, () -> FieldSelector.parse("spec.foo=x", Map.of(), true));
    assertEquals(400, e.code());
    assertEquals("field label not supported: spec.foo", e.getMessage());
  }

  @Test
  void namespaceIsNotSelectableOnClusterScopedResources() {
    assertThrows(ApiException.class, () -> FieldSelector.parse("metadata.namespace=x", Map.of(), false));
  }
}
