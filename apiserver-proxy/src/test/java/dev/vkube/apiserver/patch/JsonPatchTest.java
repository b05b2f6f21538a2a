package dev.vkube.apiserver.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Examples from RFC 6902 appendix A and RFC 7386 appendix A. */
class JsonPatchTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  @Test
  void addReplaceRemoveMoveCopyTest() throws Exception {
    JsonNode doc = json("{'a':{'b':[1,2]},'c':'x'}");
    JsonNode patch = json("[{'op':'add','path':'/a/b/1','value':9},{'op':'replace','path':'/c','value':'y'},"
        + "{'op':'copy','from':'/c','path':'/d'},{'op':'move','from':'/d','path':'/e'},"
        + "{'op':'remove','path':'/a/b/0'},{'op':'add','path':'/a/b/-','value':3},{'op':'test','path':'/e','value':'y'}]");
    assertEquals(json("{'a':{'b':[9,2,3]},'c':'y','e':'y'}"), JsonPatch.apply(doc, patch));
    assertEquals(json("{'a':{'b':[1,2]},'c':'x'}"), doc, "the input is not modified");
  }

  @Test
  void escapedPointerTokens() throws Exception {
    JsonNode doc = json("{'metadata':{'labels':{'a/b':'1','m~n':'2'}}}");
    JsonNode patch = json("[{'op':'remove','path':'/metadata/labels/a~1b'},{'op':'replace',"
        + "'path':'/metadata/labels/m~0n','value':'3'}]");
    assertEquals(json("{'metadata':{'labels':{'m~n':'3'}}}"), JsonPatch.apply(doc, patch));
  }

  @Test
  void failingTestAndMissingPathAreRejected() throws Exception {
    assertThrows(PatchException.class, () -> JsonPatch.apply(json("{'a':1}"),
        json("[{'op':'test','path':'/a','value':2}]")));
    assertThrows(PatchException.class, () -> JsonPatch.apply(json("{'a':1}"),
        json("[{'op':'remove','path':'/b'}]")));
    assertThrows(PatchException.class, () -> JsonPatch.apply(json("{'a':1}"), json("{'op':'add'}")));
  }

  @Test
  void mergePatchRfc7386Examples() throws Exception {
    assertEquals(json("{'a':'z','c':{'d':'e'}}"),
        JsonMergePatch.apply(json("{'a':'b','c':{'d':'e','f':'g'}}"), json("{'a':'z','c':{'f':null}}")));
    assertEquals(json("{'a':['b']}"), JsonMergePatch.apply(json("{'a':[{'b':'c'}]}"), json("{'a':['b']}")));
    assertEquals(json("{'a':'b'}"), JsonMergePatch.apply(json("{'a':'b'}"), json("{'e':null}")));
  }
}
