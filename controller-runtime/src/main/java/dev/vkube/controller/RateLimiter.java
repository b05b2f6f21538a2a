package dev.vkube.controller;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * client-go's default controller rate limiter: the larger of a per-key exponential backoff
 * (5 ms doubling to 1000 s) and an overall token bucket (10 qps, burst 100).
 */
public final class RateLimiter<K> {
  public static final Duration BASE_DELAY = Duration.ofMillis(5);
  public static final Duration MAX_DELAY = Duration.ofSeconds(1000);
  public static final double QPS = 10;
  public static final int BURST = 100;

  private final Map<K, Integer> failures = new ConcurrentHashMap<>();
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final double qps;
  private final int burst;
  private final java.time.Clock clock;
  private double tokens;
  private long lastNanos;

  public RateLimiter(java.time.Clock clock) {
    this(BASE_DELAY, MAX_DELAY, QPS, BURST, clock);
  }

  public RateLimiter(Duration baseDelay, Duration maxDelay, double qps, int burst, java.time.Clock clock) {
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.qps = qps;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.lastNanos = clock.millis() * 1_000_000L;
  }

  /** How long to wait before retrying {@code key}, counting this as one more failure. */
  public Duration when(K key) {
    int n = failures.merge(key, 1, Integer::sum) - 1;
    long exp = baseDelay.toNanos() * (1L << Math.min(n, 40));
    Duration perKey = exp <= 0 || exp > maxDelay.toNanos() ? maxDelay : Duration.ofNanos(exp);
    Duration bucket = reserveToken();
    return perKey.compareTo(bucket) >= 0 ? perKey : bucket;
  }

  public void forget(K key) {
    failures.remove(key);
  }

  public int retries(K key) {
    return failures.getOrDefault(key, 0);
  }

  private synchronized Duration reserveToken() {
    long now = clock.millis() * 1_000_000L;
    tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * qps);
    lastNanos = now;
    tokens -= 1;
    return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-tokens / qps * 1e9));
  }
}
