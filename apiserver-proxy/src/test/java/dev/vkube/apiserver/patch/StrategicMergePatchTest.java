package dev.vkube.apiserver.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Behaviour of apimachinery util/strategicpatch on built-in types, as our own cases. */
class StrategicMergePatchTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  private static JsonNode pod(String spec) throws Exception {
    return json("{'kind':'Pod','spec':" + spec + "}");
  }

  @Test
  void containersMergeByNameAndEnvByName() throws Exception {
    JsonNode original = pod("{'containers':[{'name':'a','image':'x:1','env':[{'name':'E','value':'1'}]},"
        + "{'name':'b','image':'y'}]}");
    JsonNode patch = json("{'spec':{'containers':[{'name':'a','image':'x:2','env':[{'name':'F','value':'2'}]}]}}");
    assertEquals(pod("{'containers':[{'name':'a','image':'x:2','env':[{'name':'E','value':'1'},{'name':'F',"
        + "'value':'2'}]},{'name':'b','image':'y'}]}"), StrategicMergePatch.apply("Pod", original, patch));
  }

  @Test
  void deleteDirectiveRemovesAListItem() throws Exception {
    JsonNode original = pod("{'volumes':[{'name':'v1','emptyDir':{}},{'name':'v2','emptyDir':{}}]}");
    JsonNode patch = json("{'spec':{'volumes':[{'name':'v1','$patch':'delete'}]}}");
    assertEquals(pod("{'volumes':[{'name':'v2','emptyDir':{}}]}"), StrategicMergePatch.apply("Pod", original, patch));
  }

  @Test
  void replaceDirectiveOnAMapReplacesIt() throws Exception {
    JsonNode original = json("{'kind':'Deployment','spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':"
        + "{'maxSurge':1}}}}");
    JsonNode patch = json("{'spec':{'strategy':{'$patch':'replace','type':'Recreate'}}}");
    assertEquals(json("{'kind':'Deployment','spec':{'strategy':{'type':'Recreate'}}}"),
        StrategicMergePatch.apply("Deployment", original, patch));
  }

  @Test
  void retainKeysDropsUnlistedFields() throws Exception {
    JsonNode original = json("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}");
    JsonNode patch = json("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
    assertEquals(json("{'spec':{'strategy':{'type':'Recreate'}}}"),
        StrategicMergePatch.apply("Deployment", original, patch));
  }

  @Test
  void atomicListsAreReplaced() throws Exception {
    JsonNode original = pod("{'tolerations':[{'key':'a'}],'containers':[{'name':'c','args':['1','2']}]}");
    JsonNode patch = json("{'spec':{'tolerations':[{'key':'b'}],'containers':[{'name':'c','args':['3']}]}}");
    assertEquals(pod("{'tolerations':[{'key':'b'}],'containers':[{'name':'c','args':['3']}]}"),
        StrategicMergePatch.apply("Pod", original, patch));
  }

  @Test
  void portsMergeByContainerPortInContainersAndByPortInServices() throws Exception {
    JsonNode container = pod("{'containers':[{'name':'c','ports':[{'containerPort':80}]}]}");
    JsonNode patched = StrategicMergePatch.apply("Pod", container,
        json("{'spec':{'containers':[{'name':'c','ports':[{'containerPort':443}]}]}}"));
    assertEquals(2, patched.path("spec").path("containers").path(0).path("ports").size());
    JsonNode service = json("{'spec':{'ports':[{'port':80,'name':'http'}]}}");
    JsonNode svc = StrategicMergePatch.apply("Service", service,
        json("{'spec':{'ports':[{'port':80,'targetPort':8080}]}}"));
    assertEquals(json("{'spec':{'ports':[{'port':80,'name':'http','targetPort':8080}]}}"), svc);
  }

  @Test
  void finalizersMergeAsASetAndDeleteFromPrimitiveList() throws Exception {
    JsonNode original = json("{'metadata':{'finalizers':['a','b']}}");
    assertEquals(json("{'metadata':{'finalizers':['a','b','c']}}"),
        StrategicMergePatch.apply("ConfigMap", original, json("{'metadata':{'finalizers':['b','c']}}")));
    assertEquals(json("{'metadata':{'finalizers':['b']}}"), StrategicMergePatch.apply("ConfigMap", original,
        json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}")));
  }

  @Test
  void setElementOrderReordersMergedList() throws Exception {
    JsonNode original = pod("{'containers':[{'name':'a'},{'name':'b'}]}");
    JsonNode patch = json("{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],"
        + "'containers':[{'name':'a','image':'i'}]}}");
    assertEquals(pod("{'containers':[{'name':'b'},{'name':'a','image':'i'}]}"),
        StrategicMergePatch.apply("Pod", original, patch));
  }

  @Test
  void nullDeletesAndMapsMerge() throws Exception {
    JsonNode original = json("{'metadata':{'labels':{'a':'1','b':'2'}},'data':{'x':'1'}}");
    JsonNode patch = json("{'metadata':{'labels':{'a':null,'c':'3'}},'data':{'y':'2'}}");
    assertEquals(json("{'metadata':{'labels':{'b':'2','c':'3'}},'data':{'x':'1','y':'2'}}"),
        StrategicMergePatch.apply("ConfigMap", original, patch));
  }

  @Test
  void itemWithoutMergeKeyIsRejected() throws Exception {
    assertThrows(PatchException.class, () -> StrategicMergePatch.apply("Pod",
        pod("{'containers':[{'name':'a'}]}"), json("{'spec':{'containers':[{'image':'x'}]}}")));
  }
}
