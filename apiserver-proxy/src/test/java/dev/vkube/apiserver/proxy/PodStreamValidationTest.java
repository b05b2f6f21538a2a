package dev.vkube.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks and messages of pkg/registry/core/pod/strategy.go (validateContainer, streamLocation). */
class PodStreamValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode pod(String node, List<String> init, String... containers) {
    ObjectNode pod = JSON.createObjectNode();
    pod.putObject("metadata").put("name", "web").put("namespace", "team");
    ObjectNode spec = pod.putObject("spec");
    if (node != null) {
      spec.put("nodeName", node);
    }
    init.forEach(c -> spec.withArray("initContainers").addObject().put("name", c));
    for (String c : containers) {
      spec.withArray("containers").addObject().put("name", c);
    }
    return pod;
  }

  @Test
  void theOnlyContainerIsTheDefault() {
    assertEquals("app", PodStreamValidation.container(PodStream.EXEC, pod("n", List.of(), "app"), null));
    assertEquals("app", PodStreamValidation.container(PodStream.LOG, pod("n", List.of(), "app"), ""));
  }

  @Test
  void anInitContainerMayBeNamed() {
    assertEquals("setup", PodStreamValidation.container(PodStream.LOG, pod("n", List.of("setup"), "a", "b"),
        "setup"));
  }

  @Test
  void unknownContainerIsBadRequest() {
    ApiException e = assertThrows(ApiException.class,
        () -> PodStreamValidation.container(PodStream.EXEC, pod("n", List.of(), "app"), "nope"));
    assertEquals(400, e.code());
    assertEquals("container nope is not valid for pod web", e.getMessage());
  }

  @Test
  void logsWithSeveralContainersListEveryContainerAsAGoSlice() {
    ApiException e = assertThrows(ApiException.class,
        () -> PodStreamValidation.container(PodStream.LOG, pod("n", List.of("setup"), "a", "b"), null));
    assertEquals(400, e.code());
    assertEquals("a container name must be specified for pod web, choose one of: [setup a b]", e.getMessage());
  }

  @Test
  void execWithSeveralContainersListsInitContainersApart() {
    ApiException e = assertThrows(ApiException.class,
        () -> PodStreamValidation.container(PodStream.EXEC, pod("n", List.of("setup"), "a", "b"), null));
    assertEquals("a container name must be specified for pod web, choose one of: [a b] or one of the init "
        + "containers: [setup]", e.getMessage());
    ApiException attach = assertThrows(ApiException.class,
        () -> PodStreamValidation.container(PodStream.ATTACH, pod("n", List.of(), "a", "b"), null));
    assertEquals("a container name must be specified for pod web, choose one of: [a b]", attach.getMessage());
  }

  @Test
  void unscheduledPodHasNoLogsButCannotExec() {
    assertEquals(Optional.empty(), PodStreamValidation.node(PodStream.LOG, pod(null, List.of(), "app")));
    assertEquals(Optional.of("n1"), PodStreamValidation.node(PodStream.EXEC, pod("n1", List.of(), "app")));
    for (PodStream stream : List.of(PodStream.EXEC, PodStream.ATTACH, PodStream.PORTFORWARD)) {
      ApiException e = assertThrows(ApiException.class,
          () -> PodStreamValidation.node(stream, pod(null, List.of(), "app")));
      assertEquals(400, e.code());
      assertEquals("pod web does not have a host assigned", e.getMessage());
    }
  }

  @Test
  void negativeTailLinesIsInvalidPodLogOptions() {
    ApiException e = assertThrows(ApiException.class, () -> PodStreamValidation.logOptions("web",
        new StreamQuery(Map.of("tailLines", List.of("-1")))));
    assertEquals(422, e.code());
    assertEquals("PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0",
        e.getMessage());
  }

  @Test
  void malformedNumberIsBadRequest() {
    ApiException e = assertThrows(ApiException.class, () -> PodStreamValidation.logOptions("web",
        new StreamQuery(Map.of("limitBytes", List.of("ten")))));
    assertEquals(400, e.code());
    assertTrue(e.getMessage().contains("\"ten\""), e.getMessage());
  }

  @Test
  void validLogOptionsPass() {
    PodStreamValidation.logOptions("web", new StreamQuery(Map.of("tailLines", List.of("0"),
        "limitBytes", List.of("1"), "sinceSeconds", List.of("5"))));
  }
}
