package dev.vkube.apiserver.openapi.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

class YamlTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void groupVersionKindsAreBlockYaml() throws IOException {
    assertEquals("""
        - group: ""
          kind: Pod
          version: v1
        """, YamlText.of(JSON.readTree("[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]")));
    assertEquals("group: apps\nkind: Deployment\nversion: v1\n",
        YamlText.of(JSON.readTree("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}")));
  }

  @Test
  void scalars() throws IOException {
    assertEquals("merge\n", YamlText.of(JSON.readTree("\"merge\"")));
    assertEquals("\"merge,retainKeys\"\n", YamlText.of(JSON.readTree("\"merge,retainKeys\"")));
    assertEquals("true\n", YamlText.of(JSON.readTree("true")));
    assertEquals("42\n", YamlText.of(JSON.readTree("42")));
    assertEquals("10000000000.0\n", YamlText.of(JSON.readTree("1e10")));
    assertEquals("null\n", YamlText.of(JSON.readTree("null")));
    assertEquals("{}\n", YamlText.of(JSON.readTree("{}")));
    assertEquals("[]\n", YamlText.of(JSON.readTree("[]")));
  }

  /** Read back by a YAML 1.1 reader (SnakeYAML, like yaml.v2): exactly the JSON value. */
  @ParameterizedTest
  @ValueSource(strings = {
      "[\"on\", \"off\", \"yes\", \"No\", \"y\", \"N\", \"true\", \"null\", \"~\", \"\", \"1\", \"0x1f\", \"1e3\", \".5\"]",
      "[\"a: b\", \"- x\", \"#c\", \"k8s.io/name\", \"multi\\nline\", \"tab\\there\", \"quote\\\"d\", \"back\\\\slash\"]",
      "[\"\\u00e9t\\u00e9\", \"\\u2028\", \"\\u0001\", \"*alias\", \"&anchor\", \"!tag\", \"%x\", \"@x\", \"`x\", \"{x}\"]",
      "{\"nested\": {\"list\": [[1, 2], [], {}], \"map\": {\"a\": [{\"b\": null}]}}, \"n\": -1.25}",
      "[{\"a\": 1, \"b\": [true, false]}, [\"x\", {\"c\": \"d\"}]]"})
  void roundTripsThroughYaml11(String json) throws IOException {
    JsonNode value = JSON.readTree(json);
    String yaml = YamlText.of(value);
    assertEquals(JSON.convertValue(value, Object.class), new Yaml().load(yaml), yaml);
  }
}
