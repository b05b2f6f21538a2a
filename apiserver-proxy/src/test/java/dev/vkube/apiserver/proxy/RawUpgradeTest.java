package dev.vkube.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte-level HTTP of SPDY upgrades: the request head written and the target's answer read. */
class RawUpgradeTest {

  @Test
  void requestHeadNamesTheTargetAndSaysThereIsNoBody() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Connection", "Upgrade").add("Upgrade", "SPDY/3.1")
        .add("X-Stream-Protocol-Version", "v4.channel.k8s.io").add("X-Stream-Protocol-Version", "channel.k8s.io")
        .add("Host", "client-side").add("Content-Length", "0");
    String head = RawUpgrade.requestHead(new Upstream("10.0.0.5", 10250, "/exec/ns/p/c?command=ls&output=1", null),
        "POST", headers).toString();
    assertEquals("POST /exec/ns/p/c?command=ls&output=1 HTTP/1.1\r\nHost: 10.0.0.5:10250\r\nConnection: Upgrade\r\n"
        + "Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
        + "X-Stream-Protocol-Version: channel.k8s.io\r\nContent-Length: 0\r\n\r\n", head);
  }

  @Test
  void answerHeadIsParsedWithRepeatedHeaders() {
    RawUpgrade.Answer answer = RawUpgrade.parse("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
        + "Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Extra: a\r\nx-extra: b",
        Buffer.buffer("frames"), null);
    assertEquals(101, answer.status());
    assertEquals("v4.channel.k8s.io", answer.headers().get("x-stream-protocol-version"));
    assertEquals(List.of("a", "b"), answer.headers().getAll("X-Extra"));
    assertEquals("frames", answer.rest().toString());
  }

  @Test
  void garbageIsNotAnAnswer() {
    assertThrows(IllegalArgumentException.class, () -> RawUpgrade.parse("SSH-2.0-OpenSSH", Buffer.buffer(), null));
    assertThrows(IllegalArgumentException.class, () -> RawUpgrade.parse("HTTP/1.1 abc", Buffer.buffer(), null));
  }

  @Test
  void refusalBodiesAreReadByLengthOrDechunked() throws Exception {
    RawUpgrade.Answer sized = new RawUpgrade.Answer(404, MultiMap.caseInsensitiveMultiMap().add("Content-Length", "4"),
        Buffer.buffer("gonetrailing"), null);
    assertEquals("gone", RawUpgrade.body(sized).await().toString());
    RawUpgrade.Answer chunked = new RawUpgrade.Answer(403, MultiMap.caseInsensitiveMultiMap()
        .add("Transfer-Encoding", "chunked"), Buffer.buffer("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), null);
    assertEquals("hello world", RawUpgrade.body(chunked).await().toString());
  }
}
