package dev.vkube.apiserver.codec;

import static dev.vkube.apiserver.codec.ClientGoBodies.DECODER;
import static dev.vkube.apiserver.codec.ClientGoBodies.body;
import static dev.vkube.apiserver.codec.ClientGoBodies.goObjectMeta;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.V1.Container;
import io.kubernetes.client.proto.V1.EnvVar;
import io.kubernetes.client.proto.V1.PodSpec;
import io.kubernetes.client.proto.V1.PodTemplateSpec;
import io.kubernetes.client.proto.V1.ResourceRequirements;
import io.kubernetes.client.proto.V1Apps.Deployment;
import io.kubernetes.client.proto.V1Apps.DeploymentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Decoding is a per-request cost and one decoder serves every request thread. */
class ProtobufDecoderLoadTest {
  private static final byte[] LARGE_DEPLOYMENT = body("apps/v1", "Deployment", largeDeployment());

  @Test
  void sizableObjectDecodesCheaplyEnoughForEveryRequest() {
    ObjectNode first = DECODER.decode(LARGE_DEPLOYMENT);
    int rounds = 200;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      assertEquals(first, DECODER.decode(LARGE_DEPLOYMENT));
    }
    long micros = (System.nanoTime() - start) / 1_000 / rounds;
    // A report, not an assertion: machines differ too much for a timing bound.
    System.out.printf(
        "decoded a %d-byte Deployment (20 containers) in %d us on average%n",
        LARGE_DEPLOYMENT.length, micros);
    assertEquals(20, first.at("/spec/template/spec/containers").size());
  }

  @Test
  void oneDecoderIsSafeToShareAcrossThreads() throws Exception {
    ObjectNode expected = DECODER.decode(LARGE_DEPLOYMENT);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<ObjectNode>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(threads.submit(() -> DECODER.decode(LARGE_DEPLOYMENT)));
      }
      for (Future<ObjectNode> result : results) {
        assertEquals(expected, result.get());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static Deployment largeDeployment() {
    PodSpec.Builder pod = PodSpec.newBuilder();
    for (int c = 0; c < 20; c++) {
      Container.Builder container =
          Container.newBuilder()
              .setName("c" + c)
              .setImage("registry/app:" + c)
              .setResources(
                  ResourceRequirements.newBuilder()
                      .putRequests("cpu", Quantity.newBuilder().setString("100m").build())
                      .putLimits("memory", Quantity.newBuilder().setString("256Mi").build()));
      for (int e = 0; e < 50; e++) {
        container.addEnv(EnvVar.newBuilder().setName("VAR_" + e).setValue("value-" + c + "-" + e));
      }
      pod.addContainers(container);
    }
    return Deployment.newBuilder()
        .setMetadata(goObjectMeta("apps", "large").putAnnotations("note", "x".repeat(2_000)))
        .setSpec(
            DeploymentSpec.newBuilder()
                .setReplicas(3)
                .setTemplate(
                    PodTemplateSpec.newBuilder().setMetadata(goObjectMeta("", "")).setSpec(pod)))
        .build();
  }
}
