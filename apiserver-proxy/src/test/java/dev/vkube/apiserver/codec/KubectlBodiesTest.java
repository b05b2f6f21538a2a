package dev.vkube.apiserver.codec;

import static dev.vkube.apiserver.codec.ClientGoBodies.DECODER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real bodies: what kubectl 1.32 POSTs as protobuf decodes to what it prints as JSON for the same
 * command (see codec/kubectl-1.32/README.md).
 */
class KubectlBodiesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "namespace",
        "secret",
        "configmap",
        "deployment",
        "service",
        "nodeport",
        "job",
        "cronjob",
        "pdb",
        "quota",
        "rolebinding",
        "clusterrole",
        "priorityclass",
        "ingress",
        "serviceaccount"
      })
  void protobufBodyDecodesToTheJsonKubectlWouldSend(String name) throws IOException {
    ObjectNode decoded = DECODER.decode(resource(name + ".pb").readAllBytes());

    assertEquals(withoutNulls(MAPPER.readTree(resource(name + ".json"))), decoded);
  }

  /**
   * Go 1.32's JSON writes {@code creationTimestamp: null} (apimachinery 1.36 made it {@code
   * omitzero}) and {@code null} for a nil slice without omitempty ({@code rules} of an aggregated
   * ClusterRole); the decoder leaves both out, which every reader takes the same way.
   */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : new ArrayList<>(object.properties())) {
        if (field.getValue().isNull()) {
          object.remove(field.getKey());
        } else {
          withoutNulls(field.getValue());
        }
      }
    } else {
      node.forEach(KubectlBodiesTest::withoutNulls);
    }
    return node;
  }

  private static InputStream resource(String name) {
    return KubectlBodiesTest.class.getResourceAsStream("/codec/kubectl-1.32/" + name);
  }
}
