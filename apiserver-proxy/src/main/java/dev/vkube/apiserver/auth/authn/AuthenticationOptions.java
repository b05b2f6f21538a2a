package dev.vkube.apiserver.auth.authn;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kube-apiserver's authentication flags: --service-account-issuer (also the API audience, as
 * --api-audiences defaults to it), --token-auth-file (null = none) and
 * --service-account-max-token-expiration (seconds, 0 = no cap).
 */
public record AuthenticationOptions(String serviceAccountIssuer, Path tokenAuthFile,
    long serviceAccountMaxTokenExpirationSeconds) {
  /** kubeadm's --service-account-issuer (and so vCluster's and vkube's). */
  public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";
  /** --service-account-extend-token-expiration's default. */
  public static final boolean EXTEND_TOKEN_EXPIRATION = true;

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(h|m|s)");

  public AuthenticationOptions {
    if (serviceAccountMaxTokenExpirationSeconds != 0 && (serviceAccountMaxTokenExpirationSeconds < 3600
        || serviceAccountMaxTokenExpirationSeconds > (1L << 32))) {
      // kube-apiserver's options validation
      throw new IllegalArgumentException("the service-account-max-token-expiration must be between 1 hour and "
          + "2^32 seconds");
    }
  }

  public static AuthenticationOptions defaults() {
    return new AuthenticationOptions(DEFAULT_ISSUER, null, 0);
  }

  public AuthenticationOptions withIssuer(String issuer) {
    return new AuthenticationOptions(issuer, tokenAuthFile, serviceAccountMaxTokenExpirationSeconds);
  }

  public AuthenticationOptions withTokenAuthFile(Path file) {
    return new AuthenticationOptions(serviceAccountIssuer, file, serviceAccountMaxTokenExpirationSeconds);
  }

  public AuthenticationOptions withMaxTokenExpirationSeconds(long seconds) {
    return new AuthenticationOptions(serviceAccountIssuer, tokenAuthFile, seconds);
  }

  /** --api-audiences: the identifiers a token must be meant for to be good for this API server. */
  public List<String> apiAudiences() {
    return List.of(serviceAccountIssuer);
  }

  /** A Go duration of hours, minutes and seconds ("48h", "1h30m", "7200s"), in seconds. */
  public static long parseSeconds(String duration) {
    Matcher part = DURATION_PART.matcher(duration);
    long seconds = 0;
    int end = 0;
    while (part.find() && part.start() == end) {
      long n = Long.parseLong(part.group(1));
      seconds += switch (part.group(2)) {
        case "h" -> n * 3600;
        case "m" -> n * 60;
        default -> n;
      };
      end = part.end();
    }
    if (end == 0 || end != duration.length()) {
      throw new IllegalArgumentException("invalid duration " + duration);
    }
    return seconds;
  }
}
