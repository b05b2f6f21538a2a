package dev.vkube.apiserver.admission;

import static dev.vkube.apiserver.admission.AdmissionTesting.admit;
import static dev.vkube.apiserver.admission.AdmissionTesting.delete;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vkube.apiserver.admission.namespace.NamespaceLifecycle;
import dev.vkube.apiserver.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceLifecycleTest {
  @ParameterizedTest
  @ValueSource(strings = {"default", "kube-system", "kube-public"})
  void immortalNamespacesCannotBeDeleted(String name) {
    ApiException e = assertThrows(ApiException.class, () -> admit(new NamespaceLifecycle(),
        delete("", "namespaces", null, name)));
    assertEquals(403, e.code());
    assertEquals("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"kube-node-lease", "team-a"})
  void otherNamespacesCanBeDeleted(String name) {
    assertDoesNotThrow(() -> admit(new NamespaceLifecycle(), delete("", "namespaces", null, name)));
  }
}
