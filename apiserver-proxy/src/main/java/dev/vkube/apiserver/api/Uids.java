package dev.vkube.apiserver.api;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * metadata.uid values: random (version 4) UUIDs from cryptographic randomness, as kube-apiserver's
 * uuid.NewRandom. One generator per thread: {@link UUID#randomUUID()} shares one synchronised
 * generator, and the event loops creating objects queued on its lock (~1% of a create's CPU).
 */
public final class Uids {
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

  private Uids() {}

  public static String random() {
    byte[] bytes = new byte[16];
    RANDOM.get().nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[i + 8] & 0xff);
    }
    return new UUID(high, low).toString();
  }
}
