package dev.vkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * `kubectl port-forward` checked as a user sees it: the simulated pod's network is 127.0.0.1, so a
 * server this class opens there is the "container port"; requests through kubectl's local port reach
 * it and its answers come back, over three connections (three stream pairs on one SPDY connection),
 * the last echoing 4 MiB.
 */
public final class PortForwards {
  private PortForwards() {}

  /**
   * @param flags extra kubectl flags (a verbosity, to see which upgrade kubectl made)
   * @return what kubectl wrote to stderr meanwhile
   */
  public static String roundTrips(Kubectl k, String namespace, String pod, String... flags) throws Exception {
    try (ServerSocket container = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> answerLines(container));
      server.setDaemon(true);
      server.start();
      int local;
      try (ServerSocket free = new ServerSocket(0)) {
        local = free.getLocalPort();
      }
      List<String> args = new ArrayList<>(List.of("port-forward", "-n", namespace, "pod/" + pod,
          local + ":" + container.getLocalPort()));
      args.addAll(List.of(flags));
      Process forward = k.start(args.toArray(String[]::new));
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(forward.getErrorStream()));
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
        echoesBulk(local);
        assertTrue(forward.isAlive(), "port-forward keeps running after its connections end");
      } finally {
        forward.destroy();
        forward.waitFor(5, TimeUnit.SECONDS);
      }
      return stderr.get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * kubectl -v=6 logs every round trip (client-go transport/round_trippers.go). kubectl 1.31+ dials
   * its WebSocket tunnel first and falls back to a SPDY POST only when that upgrade fails
   * (client-go tools/portforward/fallback_dialer.go): a GET answered 101 and no POST to portforward
   * show the tunnel carried the session.
   */
  public static void assertTunnelled(String log) {
    List<String> upgrades = log.lines().filter(l -> l.contains("/portforward")).toList();
    assertTrue(upgrades.stream().anyMatch(l -> l.contains("GET") && l.contains("101 Switching Protocols")), log);
    assertTrue(upgrades.stream().noneMatch(l -> l.contains("POST")), "no fallback to SPDY: " + log);
  }

  /**
   * kubectl 1.33 -v=6 when the tunnel was refused: client-go decodes the refusal's Status
   * (transport/websocket/roundtripper.go) and logs it as it falls back to SPDY, so the WebSocket
   * answer itself carried {@code cause}, not a generic upgrade failure.
   */
  public static void assertTunnelRefused(String log, String cause) {
    assertTrue(log.lines().anyMatch(l -> l.contains("fallback to secondary dialer")
        && l.contains("unable to upgrade streaming request: " + cause)), "the tunnel's own answer: " + log);
  }

  /** kubectl 1.27 knows only SPDY: its -v=6 log shows the POST upgrade answered 101. */
  public static void assertSpdy(String log) {
    assertTrue(log.lines().anyMatch(l -> l.contains("/portforward") && l.contains("POST")
        && l.contains("101 Switching Protocols")), log);
  }

  /** Which upgrade this kubectl makes: the WebSocket tunnel from 1.31 on (PortForwardWebsockets). */
  public static void assertUpgrade(Kubectl k, String log) {
    if (k.version().matches("1\\.(2\\d|30)")) {
      assertSpdy(log);
    } else {
      assertTunnelled(log);
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The simulated container's server: answers each connection's first line, until closed. */
  /**
   * 4 MiB written and read back at once over one forwarded connection: many SPDY data frames and
   * window updates both ways, which the proxies must carry without loss or deadlock.
   */
  private static void echoesBulk(int local) throws Exception {
    byte[] payload = new byte[4 << 20];
    new java.util.Random(6).nextBytes(payload);
    try (Socket client = new Socket("127.0.0.1", local)) {
      client.setSoTimeout(30_000);
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          client.getOutputStream().write(("echo " + payload.length + "\n").getBytes(StandardCharsets.UTF_8));
          client.getOutputStream().write(payload);
          client.getOutputStream().flush();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      byte[] back = client.getInputStream().readNBytes(payload.length);
      sent.get(30, TimeUnit.SECONDS);
      assertTrue(java.util.Arrays.equals(payload, back), "4 MiB came back unchanged (" + back.length + " bytes)");
    }
  }

  /**
   * The simulated container's server, until closed: answers each connection's first line, or after
   * "echo N" sends the next N bytes back as they come.
   */
  private static void answerLines(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket connection = server.accept()) {
        InputStream in = connection.getInputStream();
        String line = readLine(in);
        if (line.startsWith("echo ")) {
          echo(in, connection.getOutputStream(), Long.parseLong(line.substring(5)));
        } else {
          connection.getOutputStream().write(("pod port got: " + line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        connection.getOutputStream().flush();
      } catch (IOException | NumberFormatException e) {
        // the test closed the server, or a client left
      }
    }
  }

  private static void echo(InputStream in, java.io.OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (long left = length; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        return;
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  /** One line without reading past it (the bytes after it are the payload). */
  private static String readLine(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
