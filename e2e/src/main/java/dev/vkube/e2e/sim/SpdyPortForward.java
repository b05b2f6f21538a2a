package dev.vkube.e2e.sim;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Port-forward over SPDY/3.1 with portforward.k8s.io (kubelet portforward httpstream.go): for each
 * local connection the client opens an error stream and a data stream with the same {@code port}
 * and {@code requestID} headers; once both are there the simulated kubelet connects to that port on
 * 127.0.0.1 (the simulated container's network: a test opens the port) and copies bytes both ways.
 * A failed connection is reported as text on the error stream; the end is FIN on both streams.
 * Sockets are blocking, so each pair has its own threads; the event loop only hands bytes over.
 */
final class SpdyPortForward extends SpdySession {
  static final String PROTOCOL = "portforward.k8s.io";
  private final String pod;
  private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
  private final Map<Integer, Pair> byDataStream = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sim-kubelet-port-forward");
    t.setDaemon(true);
    return t;
  });

  SpdyPortForward(String pod) {
    this.pod = pod;
  }

  private final class Pair {
    final String port;
    volatile Integer error;
    volatile Integer data;
    volatile Socket socket;
    final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sim-kubelet-port-forward-in");
      t.setDaemon(true);
      return t;
    });

    Pair(String port) {
      this.port = port;
    }
  }

  @Override
  protected void opened(int streamId, Map<String, String> headers) {
    String requestId = headers.getOrDefault("requestid", String.valueOf(streamId));
    Pair pair = pairs.computeIfAbsent(requestId, k -> new Pair(headers.getOrDefault("port", "")));
    if ("error".equals(headers.get("streamtype"))) {
      pair.error = streamId;
    } else if ("data".equals(headers.get("streamtype"))) {
      pair.data = streamId;
      byDataStream.put(streamId, pair);
    }
    if (pair.error != null && pair.data != null) {
      pairs.remove(requestId);
      threads.submit(() -> forward(pair));
    }
  }

  private void forward(Pair pair) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(pair.port)), 5_000);
    } catch (IOException | NumberFormatException e) {
      byte[] message = ("error forwarding port " + pair.port + " to pod " + pod + ": " + e.getMessage())
          .getBytes(StandardCharsets.UTF_8);
      send(pair.error, message, message.length);
      finish(pair.data);
      finish(pair.error);
      closeQuietly(socket);
      return;
    }
    pair.socket = socket;
    byte[] buffer = new byte[32 * 1024];
    try (InputStream in = socket.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        send(pair.data, buffer, n);
      }
    } catch (IOException e) {
      // the connection was reset or the client went away: end the streams below
    }
    finish(pair.data);
    finish(pair.error);
    // Later frames for the pair (the client's FIN or RST after ours) find nothing to do.
    byDataStream.remove(pair.data);
    inOrder(pair, () -> closeQuietly(socket));
    pair.writer.shutdown();
  }

  /** Runs on the pair's writer thread, after what was handed over before; dropped once it ended. */
  private static void inOrder(Pair pair, Runnable task) {
    try {
      pair.writer.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the forwarding ended: nothing more to write
    }
  }

  @Override
  protected void data(int streamId, byte[] data) {
    Pair pair = byDataStream.get(streamId);
    if (pair != null) {
      inOrder(pair, () -> {
        try {
          waitForSocket(pair).getOutputStream().write(data);
        } catch (IOException e) {
          // the container side closed: the reader reports the end
        }
      });
    }
  }

  @Override
  protected void halfClosed(int streamId) {
    Pair pair = byDataStream.get(streamId);
    if (pair != null) {
      inOrder(pair, () -> {
        try {
          waitForSocket(pair).shutdownOutput();
        } catch (IOException e) {
          // already closed
        }
      });
    }
  }

  @Override
  protected void closed() {
    byDataStream.values().forEach(pair -> {
      if (pair.socket != null) {
        closeQuietly(pair.socket);
      }
    });
    threads.shutdown();
  }

  /** Client data may arrive while the connection to the port is still being made. */
  private static Socket waitForSocket(Pair pair) throws IOException {
    for (int i = 0; i < 500 && pair.socket == null; i++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (pair.socket == null) {
      throw new IOException("not connected");
    }
    return pair.socket;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
