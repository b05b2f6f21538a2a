package dev.vkube.e2e.sim;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The channel.k8s.io WebSocket streaming protocols (k8s.io/apimachinery util/remotecommand): every
 * binary message starts with its stream's byte: 0 stdin, 1 stdout, 2 stderr, 3 error (a Status
 * JSON, v4 and later), 4 resize; v5 adds 255 "close", with the stream id as second byte, so a client
 * can end stdin without ending the connection.
 */
final class Channels {
  static final String V5 = "v5.channel.k8s.io";
  static final String V4 = "v4.channel.k8s.io";
  static final List<String> SUPPORTED = List.of(V5, V4);
  static final int STDIN = 0;
  static final int STDOUT = 1;
  static final int STDERR = 2;
  static final int ERROR = 3;
  static final int RESIZE = 4;
  static final int CLOSE = 255;

  private Channels() {}

  static Buffer frame(int channel, byte[] data, int length) {
    return Buffer.buffer(length + 1).appendByte((byte) channel).appendBytes(data, 0, length);
  }

  static String success() {
    return "{\"metadata\":{},\"status\":\"Success\"}";
  }

  /**
   * A non-zero exit as the kubelet reports it (kubelet/cri/streaming/remotecommand exec.go):
   * reason NonZeroExitCode with the code as an ExitCode cause, which client-go turns into an exit
   * error and kubectl into "command terminated with exit code N".
   */
  static String exitCode(List<String> command, int code) {
    String message = "command terminated with non-zero exit code: error executing command "
        + command.toString().replace(",", "") + ", exit code " + code;
    return "{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quote(message)
        + ",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
        + code + "\"}]}}";
  }

  /** The command could not run at all (apierrors.NewInternalError). */
  static String internalError(String detail) {
    String message = "error executing command in container: " + detail;
    return ("{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quote("Internal error occurred: "
        + message) + ",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":" + quote(message)
        + "}]},\"code\":500}");
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
