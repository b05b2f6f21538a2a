package dev.vkube.e2e.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One `kubectl exec` over a channel.k8s.io WebSocket: the argv runs as a real local process in the
 * pod's scratch directory with the container's environment; its stdout and stderr go out as they
 * are produced, stdin comes in (and ends on a v5 close of stream 0), and when the process exits the
 * error channel carries the kubelet's Status (success or exit code) before the connection closes.
 * The process's pipes are blocking, so each has its own thread; the event loop only hands bytes over.
 */
final class ExecSession {
  private static final int CHUNK = 32 * 1024;
  private final ServerWebSocket ws;
  private final List<String> command;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sim-kubelet-exec");
    t.setDaemon(true);
    return t;
  });
  private final ExecutorService stdinWriter = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sim-kubelet-exec-stdin");
    t.setDaemon(true);
    return t;
  });

  ExecSession(ServerWebSocket ws, List<String> command) {
    this.ws = ws;
    this.command = command;
  }

  void start(Path workDir, Map<String, String> env, boolean stdin, boolean stdout, boolean stderr) {
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
      builder.environment().putAll(env);
      process = builder.start();
    } catch (IOException e) {
      ws.writeBinaryMessage(Channels.internalError(e.getMessage())).onComplete(x -> ws.close());
      shutdown();
      return;
    }
    // The kubelet's first (empty) message on the lowest output stream says the streams are ready.
    ws.writeBinaryMessage(Channels.frame(stdout ? Channels.STDOUT : Channels.STDERR, new byte[0], 0));
    OutputStream toProcess = process.getOutputStream();
    if (stdin) {
      ws.binaryMessageHandler(message -> input(message, toProcess));
    } else {
      closeQuietly(toProcess);
    }
    ws.closeHandler(v -> {
      process.destroy();
      shutdown();
    });
    Future<?> out = threads.submit(() -> pump(process.getInputStream(), stdout ? Channels.STDOUT : -1));
    Future<?> err = threads.submit(() -> pump(process.getErrorStream(), stderr ? Channels.STDERR : -1));
    threads.submit(() -> finish(process, out, err));
  }

  private void input(Buffer message, OutputStream toProcess) {
    if (message.length() == 0) {
      return;
    }
    int channel = message.getByte(0) & 0xff;
    if (channel == Channels.STDIN) {
      byte[] data = message.getBytes(1, message.length());
      stdinWriter.submit(() -> {
        try {
          toProcess.write(data);
          toProcess.flush();
        } catch (IOException e) {
          // the process stopped reading (exited): its exit status is what the client learns
        }
      });
    } else if (channel == Channels.CLOSE && message.length() > 1 && message.getByte(1) == Channels.STDIN) {
      stdinWriter.submit(() -> closeQuietly(toProcess));
    }
    // RESIZE: no terminal is allocated, so there is nothing to resize.
  }

  private void pump(InputStream from, int channel) {
    byte[] buffer = new byte[CHUNK];
    try (from) {
      int n;
      while ((n = from.read(buffer)) >= 0) {
        if (channel >= 0 && n > 0) {
          ws.writeBinaryMessage(Channels.frame(channel, buffer, n));
        }
      }
    } catch (IOException e) {
      // the process is gone; finish() reports its status
    }
  }

  private void finish(Process process, Future<?> out, Future<?> err) {
    try {
      int code = process.waitFor();
      out.get();
      err.get();
      Buffer status = code == 0 ? Channels.success() : Channels.exitCode(command, code);
      ws.writeBinaryMessage(status).onComplete(x -> ws.close((short) 1000));
    } catch (Exception e) {
      ws.close();
    } finally {
      stdinWriter.shutdown();
    }
  }

  private void shutdown() {
    threads.shutdown();
    stdinWriter.shutdown();
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
