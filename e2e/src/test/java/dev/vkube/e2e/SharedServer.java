package dev.vkube.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One server (and etcd) for the e2e classes that can share it, started on first use and stopped when the
 * test JVM exits: starting the jar and etcd costs more than most tests, and the classes that use this keep
 * apart through their own namespaces and API groups.
 */
final class SharedServer {
  private static RunningServer server;
  private static Path dir;

  private SharedServer() {}

  static synchronized RunningServer get() throws Exception {
    if (server == null) {
      dir = Files.createTempDirectory("vkube-e2e-");
      server = RunningServer.start(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(SharedServer::stop, "vkube-e2e-shared-server"));
    }
    return server;
  }

  private static synchronized void stop() {
    try {
      server.close();
    } catch (Exception e) {
      // the JVM is exiting; the children are destroyed either way
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // leave the temporary directory behind
    }
  }
}
