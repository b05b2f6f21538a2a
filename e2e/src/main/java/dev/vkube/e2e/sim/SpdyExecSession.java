package dev.vkube.e2e.sim;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Exec and attach over SPDY/3.1 with v4.channel.k8s.io (kubelet remotecommand httpstream.go): the
 * client opens one stream per stream type (header {@code streamType}: error, stdin, stdout, stderr,
 * resize); once all it asked for are there, the session starts. The end is the Status JSON on the
 * error stream (v4), FIN on every output stream, and the connection closed.
 */
final class SpdyExecSession extends SpdySession implements StreamChannels {
  static final String PROTOCOL = "v4.channel.k8s.io";
  private final int expected;
  private final Consumer<StreamChannels> start;
  private final Map<String, Integer> streams = new ConcurrentHashMap<>();
  private volatile Consumer<byte[]> stdin = data -> { };
  private volatile Runnable stdinClosed = () -> { };
  private volatile Runnable onClose = () -> { };
  private boolean started;

  /**
   * @param expected how many streams the client will open: error, plus stdin, stdout, stderr as
   *     asked (stderr not with a tty), plus resize with a tty
   * @param start runs the session once they are all open
   */
  SpdyExecSession(int expected, Consumer<StreamChannels> start) {
    this.expected = expected;
    this.start = start;
  }

  static int expectedStreams(boolean stdin, boolean stdout, boolean stderr, boolean tty) {
    return 1 + (stdin ? 1 : 0) + (stdout ? 1 : 0) + (stderr && !tty ? 1 : 0) + (tty ? 1 : 0);
  }

  @Override
  protected void opened(int streamId, Map<String, String> headers) {
    String type = headers.getOrDefault("streamtype", "");
    streams.put(type, streamId);
    if (!started && streams.size() >= expected) {
      started = true;
      start.accept(this);
    }
  }

  @Override
  protected void data(int streamId, byte[] data) {
    if (Integer.valueOf(streamId).equals(streams.get("stdin"))) {
      stdin.accept(data);
    }
    // resize: no terminal is allocated, so there is nothing to resize.
  }

  @Override
  protected void halfClosed(int streamId) {
    if (Integer.valueOf(streamId).equals(streams.get("stdin"))) {
      stdinClosed.run();
    }
  }

  @Override
  protected void closed() {
    onClose.run();
  }

  @Override
  public void ready(boolean stdout) {
    // Over SPDY the SYN_REPLYs already told the client its streams are ready.
  }

  @Override
  public void write(int channel, byte[] data, int length) {
    Integer id = streams.get(channel == Channels.STDOUT ? "stdout" : "stderr");
    if (id != null) {
      send(id, data, length);
    }
  }

  @Override
  public void finish(String statusJson) {
    for (String output : new String[] {"stdout", "stderr"}) {
      Integer id = streams.get(output);
      if (id != null) {
        finish(id);
      }
    }
    Integer error = streams.get("error");
    if (error != null) {
      byte[] bytes = statusJson.getBytes(StandardCharsets.UTF_8);
      send(error, bytes, bytes.length);
      finish(error);
    }
    goAway();
  }

  @Override
  public void onInput(Consumer<byte[]> stdin, Runnable stdinClosed) {
    this.stdin = stdin;
    this.stdinClosed = stdinClosed;
  }

  @Override
  public void onClose(Runnable closed) {
    this.onClose = closed;
  }
}
