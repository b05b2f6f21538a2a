package dev.vkube.apiserver.controllers.cluster.nodelifecycle;

import java.time.Duration;

/**
 * kube-controller-manager's --node-monitor-grace-period (how long a node may go without a lease
 * renewal or status heartbeat before it is Unknown) and --node-monitor-period (how often nodes are
 * looked at).
 */
public record NodeLifecycleOptions(Duration gracePeriod, Duration monitorPeriod) {
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(40);
  public static final Duration DEFAULT_MONITOR_PERIOD = Duration.ofSeconds(5);
  public static final NodeLifecycleOptions DEFAULTS = new NodeLifecycleOptions(DEFAULT_GRACE_PERIOD,
      DEFAULT_MONITOR_PERIOD);
}
