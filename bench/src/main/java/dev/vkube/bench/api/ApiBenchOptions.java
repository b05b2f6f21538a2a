package dev.vkube.bench.api;

import dev.vkube.bench.ServerFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Flags of api-bench ({@code --name=value}); the defaults are the figures the issue asks for. */
record ApiBenchOptions(
    Path jar,
    Path etcdBinary,
    Path workDir,
    List<String> serverJvmOptions,
    List<String> classArchiveOptions,
    int startRuns,
    int creates,
    int warmUp,
    int concurrency,
    List<Integer> connectionCounts,
    int dataBytes,
    int watchers,
    int watchObjects,
    double watchRate,
    int watchWarmUp,
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
  /**
   * Events fanned out (to as many watchers, then closed) before the measured run: in a fresh server the
   * first ~100 events to 1,000 watchers took up to 1.3 s while the fan-out path was being compiled, and
   * the next 900 had a p99 of 20-40 ms (measured per tenth of the run, 2026-11-26).
   */
  static final int DEFAULT_WATCH_WARM_UP = 300;
  /** 250 streams per connection: well under the server's 1000, and spreads TLS reads over 4 sockets. */
  static final int DEFAULT_WATCH_CONNECTIONS = 4;
  /**
   * Small watched objects (~0.5 KiB of JSON each) by default: with 1 KiB data, 200k deliveries/s is
   * ~280 MB/s of TLS that client and server must share on two cores; --watch-data-bytes=1024 runs that.
   */
  static final int DEFAULT_WATCH_DATA_BYTES = 100;
  static final int DEFAULT_LIST_OBJECTS = 10_000;
  static final int DEFAULT_LIST_REPEATS = 20;
  /** Starts per way of starting (median reported): single starts varied 3.0-3.6 s on this machine. */
  static final int DEFAULT_START_RUNS = 3;

  static ApiBenchOptions parse(String[] args) {
    int creates = DEFAULT_CREATES;
    int warmUp = DEFAULT_WARM_UP;
    int concurrency = DEFAULT_CONCURRENCY;
    String connections = DEFAULT_CONNECTIONS;
    int dataBytes = DEFAULT_DATA_BYTES;
    int watchers = DEFAULT_WATCHERS;
    int watchObjects = DEFAULT_WATCH_OBJECTS;
    double watchRate = DEFAULT_WATCH_RATE;
    int watchWarmUp = DEFAULT_WATCH_WARM_UP;
    int watchConnections = DEFAULT_WATCH_CONNECTIONS;
    int watchDataBytes = DEFAULT_WATCH_DATA_BYTES;
    int listObjects = DEFAULT_LIST_OBJECTS;
    int listRepeats = DEFAULT_LIST_REPEATS;
    List<String> classArchiveOptions = List.of();
    int startRuns = DEFAULT_START_RUNS;
    ServerFlags server = ServerFlags.parse(args);
    for (Map.Entry<String, String> flag : server.benchFlags().entrySet()) {
      String value = flag.getValue();
      switch (flag.getKey()) {
        case "creates" -> creates = Integer.parseInt(value);
        case "warm-up" -> warmUp = Integer.parseInt(value);
        case "concurrency" -> concurrency = Integer.parseInt(value);
        case "connections" -> connections = value;
        case "data-bytes" -> dataBytes = Integer.parseInt(value);
        case "watchers" -> watchers = Integer.parseInt(value);
        case "watch-objects" -> watchObjects = Integer.parseInt(value);
        case "watch-rate" -> watchRate = Double.parseDouble(value);
        case "watch-warm-up" -> watchWarmUp = Integer.parseInt(value);
        case "watch-connections" -> watchConnections = Integer.parseInt(value);
        case "watch-data-bytes" -> watchDataBytes = Integer.parseInt(value);
        case "list-objects" -> listObjects = Integer.parseInt(value);
        case "list-repeats" -> listRepeats = Integer.parseInt(value);
        case "class-archive-options" ->
            classArchiveOptions = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        case "start-runs" -> startRuns = Integer.parseInt(value);
        default -> throw ServerFlags.unknown(flag.getKey());
      }
    }
    List<Integer> counts = new ArrayList<>();
    for (String c : connections.split(",")) {
      counts.add(Integer.parseInt(c.trim()));
    }
    return new ApiBenchOptions(server.jar(), server.etcd(), server.workDir(), server.jvmOptions(),
        classArchiveOptions, startRuns, creates, warmUp, concurrency, List.copyOf(counts),
        dataBytes, watchers, watchObjects, watchRate, watchWarmUp, watchConnections,
        watchDataBytes, listObjects, listRepeats);
  }
}
