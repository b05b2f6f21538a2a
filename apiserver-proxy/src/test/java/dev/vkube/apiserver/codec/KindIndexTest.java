package dev.vkube.apiserver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Proto packages map to the API groups of their Go register.go files. */
class KindIndexTest {
  private static final List<FileDescriptor> FILES = GeneratedProtoFiles.load();

  @ParameterizedTest
  @CsvSource({
    "k8s.io.api.core.v1, v1",
    "k8s.io.api.apps.v1, apps/v1",
    "k8s.io.api.batch.v1, batch/v1",
    "k8s.io.api.autoscaling.v2, autoscaling/v2",
    "k8s.io.api.policy.v1, policy/v1",
    "k8s.io.api.extensions.v1beta1, extensions/v1beta1",
    "k8s.io.api.rbac.v1, rbac.authorization.k8s.io/v1",
    "k8s.io.api.flowcontrol.v1, flowcontrol.apiserver.k8s.io/v1",
    "k8s.io.api.apiserverinternal.v1alpha1, internal.apiserver.k8s.io/v1alpha1",
    "k8s.io.api.storagemigration.v1beta1, storagemigration.k8s.io/v1beta1",
    "k8s.io.api.resource.v1, resource.k8s.io/v1",
    "k8s.io.apimachinery.pkg.apis.meta.v1, meta.k8s.io/v1",
    "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1, apiextensions.k8s.io/v1"
  })
  void protoPackageMapsToItsApiVersion(String protoPackage, String apiVersion) {
    assertEquals(Optional.of(apiVersion), KindIndex.apiVersionOf(protoPackage));
  }

  @Test
  void unversionedPackagesHaveNoKinds() {
    assertEquals(Optional.empty(), KindIndex.apiVersionOf("k8s.io.apimachinery.pkg.runtime"));
    assertEquals(Optional.empty(), KindIndex.apiVersionOf("k8s.io.apimachinery.pkg.util.intstr"));
  }

  @Test
  void everyGeneratedPackageIsFoundInTheJar() {
    assertTrue(FILES.size() >= 49, "found " + FILES.size() + " generated proto files");
    KindIndex index = KindIndex.of(FILES);

    assertEquals(
        "k8s.io.api.core.v1.Namespace", index.find("v1", "Namespace").orElseThrow().getFullName());
    assertEquals(
        "k8s.io.api.apps.v1.Deployment",
        index.find("apps/v1", "Deployment").orElseThrow().getFullName());
    assertEquals(
        "k8s.io.apimachinery.pkg.apis.meta.v1.Status",
        index.find("v1", "Status").orElseThrow().getFullName());
    assertEquals(Optional.empty(), index.find("apps/v1", "Status"));
    assertTrue(index.apiVersions().contains("admissionregistration.k8s.io/v1"));
  }
}
