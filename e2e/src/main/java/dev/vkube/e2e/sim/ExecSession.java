package dev.vkube.e2e.sim;

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
 * One `kubectl exec` over a channel.k8s.io WebSocket or SPDY/3.1 ({@link StreamChannels}): the argv runs as a real local process in the
 * pod's scratch directory with the container's environment; its stdout and stderr go out as they
 * are produced, stdin comes in (and ends on a v5 close of stream 0), and when the process exits the
 * error channel carries the kubelet's Status (success or exit code) before the connection closes.
 * The process's pipes are blocking, so each has its own thread; the event loop only hands bytes over.
 */
final class ExecSession {
  private static final int CHUNK = 32 * 1024;
  private final StreamChannels io;
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

  ExecSession(StreamChannels io, List<String> command) {
    this.io = io;
    this.command = command;
  }

  void start(Path workDir, Map<String, String> env, boolean stdin, boolean stdout, boolean stderr) {
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
      builder.environment().putAll(env);
      process = builder.start();
    } catch (IOException e) {
      io.finish(Channels.internalError(e.getMessage()));
      shutdown();
      return;
    }
    // The kubelet's first (empty) message on the lowest output stream says the streams are ready.
    io.ready(stdout);
    OutputStream toProcess = process.getOutputStream();
    if (stdin) {
      io.onInput(data -> input(data, toProcess), () -> stdinWriter.submit(() -> closeQuietly(toProcess)));
    } else {
      closeQuietly(toProcess);
    }
    io.onClose(() -> {
      process.destroy();
      shutdown();
    });
    Future<?> out = threads.submit(() -> pump(process.getInputStream(), stdout ? Channels.STDOUT : -1));
    Future<?> err = threads.submit(() -> pump(process.getErrorStream(), stderr ? Channels.STDERR : -1));
    threads.submit(() -> finish(process, out, err));
  }

  private void input(byte[] data, OutputStream toProcess) {
    stdinWriter.submit(() -> {
      try {
        toProcess.write(data);
        toProcess.flush();
      } catch (IOException e) {
        // the process stopped reading (exited): its exit status is what the client learns
      }
    });
  }

  private void pump(InputStream from, int channel) {
    byte[] buffer = new byte[CHUNK];
    try (from) {
      int n;
      while ((n = from.read(buffer)) >= 0) {
        if (channel >= 0 && n > 0) {
          io.write(channel, buffer, n);
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
      io.finish(code == 0 ? Channels.success() : Channels.exitCode(command, code));
    } catch (Exception e) {
      io.finish(Channels.internalError(e.toString()));
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
