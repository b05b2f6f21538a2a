package dev.vkube.apiserver.storage.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vkube.apiserver.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ContinueTokenTest {
  private static final String PREFIX = "/registry/configmaps/";

  @Test
  void encodesLikeUpstream() {
    String token = ContinueToken.encode(PREFIX, PREFIX + "ns/name\u0000", 42);

    String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    assertEquals("{\"v\":\"meta.k8s.io/v1\",\"rv\":42,\"start\":\"ns/name\\u0000\"}", json);
  }

  @Test
  void decodesToFullKeyAndRevision() {
    String token = ContinueToken.encode(PREFIX, PREFIX + "ns/b\u0000", 7);

    assertEquals(new ContinueToken(PREFIX + "ns/b\u0000", 7), ContinueToken.decode(token, PREFIX));
  }

  @Test
  void refusesTokensThatClimbOutOfThePrefix() {
    String token = encodeRaw("{\"v\":\"meta.k8s.io/v1\",\"rv\":7,\"start\":\"../secrets/x\"}");

    assertEquals(StorageException.Code.INVALID_CONTINUE,
        assertThrows(StorageException.class, () -> ContinueToken.decode(token, PREFIX)).code());
  }

  @Test
  void refusesGarbageAndUnknownVersions() {
    assertThrows(StorageException.class, () -> ContinueToken.decode("!!!", PREFIX));
    assertThrows(StorageException.class,
        () -> ContinueToken.decode(encodeRaw("{\"v\":\"v2\",\"rv\":7,\"start\":\"a\"}"), PREFIX));
    assertThrows(StorageException.class,
        () -> ContinueToken.decode(encodeRaw("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"a\"}"), PREFIX));
  }

  private static String encodeRaw(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
