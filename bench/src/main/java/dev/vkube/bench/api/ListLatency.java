package dev.vkube.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Full-list latency as a client sees it: request sent to body read and parsed into a tree (what
 * client-go's reflector does before it can use a list), checked for the expected item count.
 */
final class ListLatency {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WARM_UPS = 3;
  private final KubeApi api;

  ListLatency(KubeApi api) {
    this.api = api;
  }

  record Result(String label, int items, int bodyBytes, Percentiles latency) {
    String line() {
      return String.format("%-34s median=%.1f ms p90=%.1f ms max=%.1f ms (%d runs, %d items, %.1f MiB body)", label,
          Percentiles.ms(latency.p50()), Percentiles.ms(latency.p90()), Percentiles.ms(latency.max()),
          latency.count(), items, bodyBytes / 1048576.0);
    }
  }

  Result time(String label, String path, int expectedItems, int repeats) throws IOException, InterruptedException {
    for (int i = 0; i < WARM_UPS; i++) {
      check(path, api.get(path), expectedItems);
    }
    long[] samples = new long[repeats];
    int bytes = 0;
    for (int i = 0; i < repeats; i++) {
      // Timed until the whole body has arrived, as kube-apiserver's request-duration SLI; parsing the
      // 14 MiB of JSON is this client's work (~50-100 ms of it), checked after the clock stopped.
      long start = System.nanoTime();
      KubeApi.Reply response = api.get(path);
      samples[i] = System.nanoTime() - start;
      bytes = check(path, response, expectedItems);
    }
    return new Result(label, expectedItems, bytes, Percentiles.of(samples, repeats));
  }

  private static int check(String path, KubeApi.Reply response, int expectedItems) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " -> " + response.statusCode());
    }
    JsonNode list = JSON.readTree(response.body());
    int items = list.path("items").size();
    // The namespace also holds what the cluster puts in every namespace (the kube-root-ca.crt ConfigMap).
    if (items < expectedItems || items > expectedItems + 1) {
      throw new IOException("GET " + path + " returned " + items + " items, expected " + expectedItems);
    }
    return response.body().length;
  }
}
