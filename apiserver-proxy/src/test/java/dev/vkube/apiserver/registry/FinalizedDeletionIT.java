package dev.vkube.apiserver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.storage.Json;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import dev.vkube.apiserver.testing.EtcdExtension;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DELETE decides between deleting now and marking the object deleting on what it read; when an
 * update removes the last finalizer between that read and the write, the object must still go, as
 * kube-apiserver decides inside its GuaranteedUpdate (registry/generic/registry/store.go Delete,
 * deleteImmediately). Before, it stayed marked with nothing left to delete it: a namespace whose
 * content was such an object never finished deleting (ApiServerIT.deletingANamespaceRemovesItsContent
 * failed about one run in ten).
 */
class FinalizedDeletionIT {
  @RegisterExtension
  static final EtcdExtension ETCD = new EtcdExtension();

  @Test
  void deleteThatReadAFinalizerAnUpdateRemovedDeletesTheObject() throws Exception {
    String prefix = ETCD.freshPrefix();
    EtcdStorage etcd = new EtcdStorage(ETCD.client());
    ObjectNode namespace = (ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"name\":\"ns\"}}");
    GenericStore configMaps = new GenericStore(ResourceRegistry.builtin().lookup("", "v1", "configmaps")
        .orElseThrow(), etcd, prefix, Clock.systemUTC(), new Random(),
        ns -> CompletableFuture.completedFuture(namespace));
    configMaps.create("ns", (ObjectNode) Json.MAPPER.readTree("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
        + "\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.com/hold\"]}}"), WriteContext.SERVER)
        .toCompletableFuture().join();
    StoredObject readByTheDelete = configMaps.get("ns", "held").toCompletableFuture().join();
    assertTrue(Meta.hasFinalizers(readByTheDelete.object()), "what the DELETE read still holds the finalizer");

    configMaps.update("ns", "held", "", current -> {
      ObjectNode next = current.deepCopy();
      next.with("metadata").remove("finalizers");
      return next;
    }, WriteContext.SERVER).toCompletableFuture().join();
    WriteResult deleted = configMaps.deleteExisting("ns", "held", readByTheDelete, DeleteOptions.DEFAULT)
        .toCompletableFuture().join();

    assertTrue(deleted.completed(), "the DELETE answers as finished, not as pending");
    CompletionException gone = Assertions.assertThrows(CompletionException.class,
        () -> configMaps.get("ns", "held").toCompletableFuture().join());
    assertEquals(404, ((ApiException) gone.getCause()).code(), "the object is gone, not left marked deleting");
    etcd.close();
  }
}
