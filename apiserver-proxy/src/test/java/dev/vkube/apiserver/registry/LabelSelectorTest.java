package dev.vkube.apiserver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vkube.apiserver.api.ApiException;
import org.junit.jupiter.api.Test;

/** Cases from apimachinery pkg/labels/selector_test.go, rewritten as our own. */
class LabelSelectorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode labels(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  @Test
  void equalityAndInequality() throws Exception {
    JsonNode web = labels("{\"app\":\"web\",\"tier\":\"front\"}");
    assertTrue(LabelSelector.parse("app=web").test(web));
    assertTrue(LabelSelector.parse("app==web,tier=front").test(web));
    assertFalse(LabelSelector.parse("app!=web").test(web));
    assertTrue(LabelSelector.parse("app!=db").test(web));
    assertTrue(LabelSelector.parse("missing!=x").test(web));
  }

  @Test
  void setBasedRequirements() throws Exception {
    JsonNode web = labels("{\"env\":\"prod\"}");
    assertTrue(LabelSelector.parse("env in (prod, staging)").test(web));
    assertFalse(LabelSelector.parse("env notin (prod)").test(web));
    assertTrue(LabelSelector.parse("other notin (prod)").test(web));
    assertTrue(LabelSelector.parse("env").test(web));
    assertFalse(LabelSelector.parse("!env").test(web));
    assertTrue(LabelSelector.parse("!other").test(web));
  }

  @Test
  void emptySelectorMatchesEverythingIncludingNoLabels() {
    assertTrue(LabelSelector.parse("").test(null));
    assertTrue(LabelSelector.parse("").isEmpty());
  }

  @Test
  void prefixedKeysAreAccepted() throws Exception {
    assertTrue(LabelSelector.parse("app.kubernetes.io/name=x").test(labels("{\"app.kubernetes.io/name\":\"x\"}")));
  }

  @Test
  void malformedSelectorIsBadRequest() {
    ApiException e = assertThrows(ApiException.class, () -> LabelSelector.parse("app in (a"));
    assertEquals(400, e.code());
    assertThrows(ApiException.class, () -> LabelSelector.parse("a=b c"));
    assertThrows(ApiException.class, () -> LabelSelector.parse("=b"));
  }
}
