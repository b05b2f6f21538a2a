package dev.vkube.bench.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Flags of api-bench ({@code --name=value}); the defaults are the figures the issue asks for. */
record ApiBenchOptions(
    Path jar,
    Path etcdBinary,
    Path workDir,
    List<String> serverJvmOptions,
    int creates,
    int warmUp,
    int concurrency,
    List<Integer> connectionCounts,
    int dataBytes,
    int watchers,
    int watchObjects,
    double watchRate,
    int watchConnections,
    int watchDataBytes,
    int listObjects,
    int listRepeats) {

  /** As many as the list step needs, so that it lists the first create run's namespace. */
  static final int DEFAULT_CREATES = 10_000;
  /**
   * The server's C2 compiler is still busy after 5,000 creates (server CPU per create keeps falling
   * through the first measured run); more warm-up would push a run past five minutes.
   */
  static final int DEFAULT_WARM_UP = 6_000;
  static final int DEFAULT_CONCURRENCY = 64;
  static final String DEFAULT_CONNECTIONS = "1,2,4";
  static final int DEFAULT_DATA_BYTES = 1024;
  static final int DEFAULT_WATCHERS = 1_000;
  static final int DEFAULT_WATCH_OBJECTS = 1_000;
  static final double DEFAULT_WATCH_RATE = 200;
  /** 250 streams per connection: well under the server's 1000, and spreads TLS reads over 4 sockets. */
  static final int DEFAULT_WATCH_CONNECTIONS = 4;
  /**
   * Small watched objects (~0.5 KiB of JSON each) by default: with 1 KiB data, 200k deliveries/s is
   * ~280 MB/s of TLS that client and server must share on two cores; --watch-data-bytes=1024 runs that.
   */
  static final int DEFAULT_WATCH_DATA_BYTES = 100;
  static final int DEFAULT_LIST_OBJECTS = 10_000;
  static final int DEFAULT_LIST_REPEATS = 20;

  static ApiBenchOptions parse(String[] args) {
    Path jar = Path.of("apiserver-proxy/target/vkube-apiserver.jar");
    Path etcd = Path.of("/usr/bin/etcd");
    Path workDir = null;
    List<String> jvm = List.of();
    int creates = DEFAULT_CREATES;
    int warmUp = DEFAULT_WARM_UP;
    int concurrency = DEFAULT_CONCURRENCY;
    String connections = DEFAULT_CONNECTIONS;
    int dataBytes = DEFAULT_DATA_BYTES;
    int watchers = DEFAULT_WATCHERS;
    int watchObjects = DEFAULT_WATCH_OBJECTS;
    double watchRate = DEFAULT_WATCH_RATE;
    int watchConnections = DEFAULT_WATCH_CONNECTIONS;
    int watchDataBytes = DEFAULT_WATCH_DATA_BYTES;
    int listObjects = DEFAULT_LIST_OBJECTS;
    int listRepeats = DEFAULT_LIST_REPEATS;
    for (String arg : args) {
      String[] kv = arg.startsWith("--") && arg.contains("=") ? arg.substring(2).split("=", 2) : null;
      if (kv == null) {
        throw new IllegalArgumentException("unknown argument " + arg + " (flags are --name=value)");
      }
      switch (kv[0]) {
        case "jar" -> jar = Path.of(kv[1]);
        case "etcd" -> etcd = Path.of(kv[1]);
        case "work-dir" -> workDir = Path.of(kv[1]);
        case "server-jvm-options" -> jvm = kv[1].isBlank() ? List.of() : Arrays.asList(kv[1].trim().split("\\s+"));
        case "creates" -> creates = Integer.parseInt(kv[1]);
        case "warm-up" -> warmUp = Integer.parseInt(kv[1]);
        case "concurrency" -> concurrency = Integer.parseInt(kv[1]);
        case "connections" -> connections = kv[1];
        case "data-bytes" -> dataBytes = Integer.parseInt(kv[1]);
        case "watchers" -> watchers = Integer.parseInt(kv[1]);
        case "watch-objects" -> watchObjects = Integer.parseInt(kv[1]);
        case "watch-rate" -> watchRate = Double.parseDouble(kv[1]);
        case "watch-connections" -> watchConnections = Integer.parseInt(kv[1]);
        case "watch-data-bytes" -> watchDataBytes = Integer.parseInt(kv[1]);
        case "list-objects" -> listObjects = Integer.parseInt(kv[1]);
        case "list-repeats" -> listRepeats = Integer.parseInt(kv[1]);
        default -> throw new IllegalArgumentException("unknown flag --" + kv[0]);
      }
    }
    List<Integer> counts = new ArrayList<>();
    for (String c : connections.split(",")) {
      counts.add(Integer.parseInt(c.trim()));
    }
    return new ApiBenchOptions(jar, etcd, workDir, jvm, creates, warmUp, concurrency, List.copyOf(counts),
        dataBytes, watchers, watchObjects, watchRate, watchConnections,
        watchDataBytes, listObjects, listRepeats);
  }
}
