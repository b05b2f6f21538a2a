package dev.vkube.syncer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A bearer token kept in a file that is rewritten under us: the projected service-account token of a
 * pod, which the kubelet rotates (at 80% of its lifetime, about every 48 minutes for the default hour).
 * Re-read at most once every {@link #PERIOD}, as client-go's cached file token source does
 * (transport/token_source.go, NewCachedFileTokenSource: a one-minute period), so a rotated token is in
 * use within a minute, long before the old one expires. A failed re-read keeps the last token, as
 * client-go does, until a read succeeds.
 *
 * <p>The read is of a few hundred bytes on the kubelet's tmpfs, at most once a minute.
 */
public final class TokenFile implements Supplier<String> {
  private static final Logger LOG = Logger.getLogger(TokenFile.class.getName());
  public static final Duration PERIOD = Duration.ofMinutes(1);
  /** Where client-go's rest.InClusterConfig reads it. */
  public static final Path IN_CLUSTER = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private final Path path;
  private final Clock clock;
  private String token;
  private Instant readAt;

  public TokenFile(Path path, Clock clock) {
    this.path = path;
    this.clock = clock;
  }

  @Override
  public synchronized String get() {
    Instant now = clock.instant();
    if (token != null && now.isBefore(readAt.plus(PERIOD))) {
      return token;
    }
    try {
      token = Files.readString(path).trim();
      readAt = now;
    } catch (IOException e) {
      if (token == null) {
        throw new UncheckedIOException(e);
      }
      LOG.warning("token re-read failed, keeping the last one path=" + path + " error=" + e);
    }
    return token;
  }
}
