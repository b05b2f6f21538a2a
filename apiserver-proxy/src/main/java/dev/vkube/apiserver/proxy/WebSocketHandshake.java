package dev.vkube.apiserver.proxy;

import dev.vkube.apiserver.api.ApiException;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The server side of the RFC 6455 §4.2 opening handshake, with the checks gorilla/websocket's
 * Upgrader makes (kube-apiserver's SPDY tunnel accepts the client with it) and its messages.
 */
final class WebSocketHandshake {
  /** §1.3: the GUID the accept key is derived with. */
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketHandshake() {}

  /** The client's key, once the request is a version-13 WebSocket handshake; else a 400. */
  static String key(MultiMap headers) {
    if (!tokens(headers, "Connection").contains("upgrade")) {
      throw ApiException.badRequest("websocket: the client is not using the websocket protocol: 'upgrade' token "
          + "not found in 'Connection' header");
    }
    if (!tokens(headers, "Upgrade").contains("websocket")) {
      throw ApiException.badRequest("websocket: the client is not using the websocket protocol: 'websocket' token "
          + "not found in 'Upgrade' header");
    }
    if (!tokens(headers, "Sec-WebSocket-Version").contains("13")) {
      throw ApiException.badRequest("websocket: unsupported version: 13 not found in 'Sec-Websocket-Version' header");
    }
    String key = headers.get("Sec-WebSocket-Key");
    if (!validKey(key)) {
      throw ApiException.badRequest("websocket: not a websocket handshake: 'Sec-WebSocket-Key' header must be Base64 "
          + "encoded value of 16-byte in length");
    }
    return key.trim();
  }

  /** The 101's headers: the accept key and, when the server chose one, the subprotocol. */
  static MultiMap answer(String key, String protocol) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Upgrade", "websocket").add("Connection", "Upgrade")
        .add("Sec-WebSocket-Accept", accept(key));
    if (protocol != null) {
      headers.add("Sec-WebSocket-Protocol", protocol);
    }
    return headers;
  }

  static String accept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /** The subprotocols the client offers, in its order (one header or several, comma-separated). */
  static List<String> protocols(MultiMap headers) {
    List<String> protocols = new ArrayList<>();
    for (String value : headers.getAll("Sec-WebSocket-Protocol")) {
      for (String token : value.split(",")) {
        if (!token.isBlank()) {
          protocols.add(token.trim());
        }
      }
    }
    return protocols;
  }

  private static List<String> tokens(MultiMap headers, String name) {
    List<String> tokens = new ArrayList<>();
    for (String value : headers.getAll(name)) {
      for (String token : value.split(",")) {
        tokens.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    return tokens;
  }

  private static boolean validKey(String key) {
    if (key == null || key.isBlank()) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key.trim()).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
