package dev.vkube.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The --name=value syntax of every server benchmark, and the flags they all take: the server jar,
 * the etcd binary, a work directory and the server's JVM options.
 */
public final class ServerFlags {
  private Path jar = Path.of("apiserver-proxy/target/vkube-apiserver.jar");
  private Path etcd = Path.of("/usr/bin/etcd");
  private Path workDir;
  private List<String> jvmOptions = List.of();
  private final Map<String, String> benchFlags = new LinkedHashMap<>();

  private ServerFlags() {}

  /**
   * Reads the common flags and keeps every other one, in order, for the bench ({@link #benchFlags});
   * an argument not of the form --name=value is an error.
   */
  public static ServerFlags parse(String[] args) {
    ServerFlags flags = new ServerFlags();
    for (String arg : args) {
      String[] kv = arg.startsWith("--") && arg.contains("=") ? arg.substring(2).split("=", 2) : null;
      if (kv == null) {
        throw new IllegalArgumentException("unknown argument " + arg + " (flags are --name=value)");
      }
      switch (kv[0]) {
        case "jar" -> flags.jar = Path.of(kv[1]);
        case "etcd" -> flags.etcd = Path.of(kv[1]);
        case "work-dir" -> flags.workDir = Path.of(kv[1]);
        case "server-jvm-options" ->
            flags.jvmOptions = kv[1].isBlank() ? List.of() : Arrays.asList(kv[1].trim().split("\\s+"));
        default -> flags.benchFlags.put(kv[0], kv[1]);
      }
    }
    return flags;
  }

  /** What a bench throws for a flag it does not know. */
  public static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("unknown flag --" + name);
  }

  public Path jar() {
    return jar;
  }

  public Path etcd() {
    return etcd;
  }

  /** Null when not given: the bench makes a temporary one. */
  public Path workDir() {
    return workDir;
  }

  public List<String> jvmOptions() {
    return jvmOptions;
  }

  /** The flags that are not common ones, name to value, in the order given. */
  public Map<String, String> benchFlags() {
    return benchFlags;
  }
}
