package dev.vkube.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.MultiMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The credentials the proxy adds for the host API: an in-cluster token is the current one, per request. */
class UpstreamHeadersTest {
  @Test
  void aRotatingTokenSourceIsAskedOnEveryRequest() {
    AtomicReference<String> token = new AtomicReference<>("first");
    UpstreamTls tls = new UpstreamTls("CA", false, null, null, null, token::get);

    MultiMap before = MultiMap.caseInsensitiveMultiMap();
    UpstreamHeaders.credentials(tls, before);
    token.set("rotated");
    MultiMap after = MultiMap.caseInsensitiveMultiMap();
    UpstreamHeaders.credentials(tls, after);

    assertEquals("Bearer first", before.get("Authorization"));
    assertEquals("Bearer rotated", after.get("Authorization"));
  }

  @Test
  void aKubeconfigTokenIsSentAsIsAndNoTokenMeansNoHeader() {
    MultiMap fixed = MultiMap.caseInsensitiveMultiMap();
    UpstreamHeaders.credentials(new UpstreamTls("CA", false, null, null, "t0ken"), fixed);
    assertEquals("Bearer t0ken", fixed.get("Authorization"));

    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    UpstreamHeaders.credentials(new UpstreamTls("CA", false, "CERT", "KEY", null), none);
    assertNull(none.get("Authorization"));
  }
}
