package dev.vkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * `kubectl port-forward` checked as a user sees it: the simulated pod's network is 127.0.0.1, so a
 * server this class opens there is the "container port"; requests through kubectl's local port reach
 * it and its answers come back, over two connections (two stream pairs on one SPDY connection).
 */
public final class PortForwards {
  private PortForwards() {}

  public static void roundTrips(Kubectl k, String namespace, String pod) throws Exception {
    try (ServerSocket container = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> answerLines(container));
      server.setDaemon(true);
      server.start();
      int local;
      try (ServerSocket free = new ServerSocket(0)) {
        local = free.getLocalPort();
      }
      Process forward = k.start("port-forward", "-n", namespace, "pod/" + pod, local + ":" + container.getLocalPort());
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(forward.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertTrue(ready != null && ready.contains("Forwarding from 127.0.0.1:" + local), String.valueOf(ready));
        for (int round = 0; round < 2; round++) {
          try (Socket client = new Socket("127.0.0.1", local)) {
            client.setSoTimeout(20_000);
            client.getOutputStream().write(("hello " + round + "\n").getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            String answer = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
            assertEquals("pod port got: hello " + round, answer);
          }
        }
        assertTrue(forward.isAlive(), "port-forward keeps running after its connections end");
      } finally {
        forward.destroy();
        forward.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** The simulated container's server: answers each connection's first line, until closed. */
  private static void answerLines(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket connection = server.accept()) {
        String line = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        connection.getOutputStream().write(("pod port got: " + line + "\n").getBytes(StandardCharsets.UTF_8));
        connection.getOutputStream().flush();
      } catch (IOException e) {
        // the test closed the server, or a client left
      }
    }
  }
}
