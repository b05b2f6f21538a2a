package dev.vkube.e2e.sim;

import java.util.function.Consumer;

/**
 * The streams of one exec or attach session, whichever protocol carries them: channel.k8s.io
 * WebSocket messages ({@link WebSocketChannels}) or SPDY/3.1 streams ({@link SpdyExecSession}). The
 * sessions only see stdout, stderr, stdin and the error stream's final Status.
 */
interface StreamChannels {

  /** The streams are ready (over WebSocket: an empty message on the lowest output stream). */
  void ready(boolean stdout);

  /** Output on {@link Channels#STDOUT} or {@link Channels#STDERR}; callable from any thread. */
  void write(int channel, byte[] data, int length);

  /** Ends the session: the Status JSON on the error stream, then every stream and the connection closed. */
  void finish(String statusJson);

  /** Input: stdin's bytes, and its end (a v5 close message, a SPDY FIN on the stdin stream). */
  void onInput(Consumer<byte[]> stdin, Runnable stdinClosed);

  /** The client went away (connection closed or reset). */
  void onClose(Runnable closed);
}
