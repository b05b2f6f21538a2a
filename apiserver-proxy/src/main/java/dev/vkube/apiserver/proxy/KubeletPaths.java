package dev.vkube.apiserver.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubelet API paths kube-apiserver connects to (pkg/registry/core/pod/strategy.go): the options
 * the client gave are re-encoded as the kubelet reads them. Exec and attach use the kubelet's own
 * names (input, output, error, tty: streamParams), logs keep theirs, port-forward lists its ports.
 */
public final class KubeletPaths {
  static final List<String> LOG_OPTIONS = List.of("follow", "previous", "timestamps", "sinceSeconds", "sinceTime",
      "tailLines", "limitBytes");

  private KubeletPaths() {}

  public static String path(PodStream stream, String namespace, String pod, String container, StreamQuery query) {
    String base = "/" + stream.kubeletSegment() + "/" + namespace + "/" + pod
        + (stream.perContainer() ? "/" + container : "");
    String encoded = params(stream, query).encode();
    return encoded.isEmpty() ? base : base + "?" + encoded;
  }

  private static StreamQuery params(PodStream stream, StreamQuery query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    switch (stream) {
      case LOG -> {
        for (String option : LOG_OPTIONS) {
          boolean bool = option.equals("follow") || option.equals("previous") || option.equals("timestamps");
          if (bool && query.flag(option)) {
            params.put(option, List.of("true"));
          } else if (!bool) {
            query.first(option).ifPresent(v -> params.put(option, List.of(v)));
          }
        }
      }
      case EXEC, ATTACH -> {
        flag(query, "stdin", "input", params);
        flag(query, "stdout", "output", params);
        flag(query, "stderr", "error", params);
        flag(query, "tty", "tty", params);
        if (stream == PodStream.EXEC && !query.all("command").isEmpty()) {
          params.put("command", new ArrayList<>(query.all("command")));
        }
      }
      case PORTFORWARD -> {
        if (!query.all("ports").isEmpty()) {
          params.put("port", new ArrayList<>(query.all("ports")));
        }
      }
    }
    return new StreamQuery(params);
  }

  private static void flag(StreamQuery query, String option, String kubeletName, Map<String, List<String>> params) {
    if (query.flag(option)) {
      params.put(kubeletName, List.of("1"));
    }
  }
}
