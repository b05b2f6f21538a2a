package dev.vkube.bench.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shaded vkube-apiserver jar started exactly as the runtime contract says
 * ({@code java -jar vkube-apiserver.jar --etcd-servers --data-dir --secure-port}), with the instant
 * just before the fork kept so start-up is measured from the process's birth, JVM boot included.
 */
public final class ServerProcess implements AutoCloseable {
  private final ChildProcess child;
  private final long startNanos;
  private final int port;
  private final Path dataDir;

  private ServerProcess(ChildProcess child, long startNanos, int port, Path dataDir) {
    this.child = child;
    this.startNanos = startNanos;
    this.port = port;
    this.dataDir = dataDir;
  }

  public static ServerProcess start(Path jar, List<String> jvmOptions, String etcdUrl, Path dataDir, Path log)
      throws IOException {
    int port = FreePorts.next();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--etcd-servers=" + etcdUrl, "--data-dir=" + dataDir,
        "--secure-port=" + port, "--bind-address=127.0.0.1"));
    long startNanos = System.nanoTime();
    ChildProcess child = ChildProcess.start("vkube-apiserver", command, log);
    return new ServerProcess(child, startNanos, port, dataDir);
  }

  public long startNanos() {
    return startNanos;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return child.pid();
  }

  public boolean alive() {
    return child.alive();
  }

  public Path log() {
    return child.log();
  }

  public Path kubeconfig() {
    return dataDir.resolve("admin.kubeconfig");
  }

  public double rssMebibytes() {
    return ResidentMemory.mebibytes(child.pid());
  }

  @Override
  public void close() {
    child.close();
  }
}
