package dev.vkube.scheduler.model;

/**
 * A topology spread constraint. Only DoNotSchedule ones filter; ScheduleAnyway ones are kept for
 * completeness and ignored by the filters. {@code minDomains} 0 means unset (upstream nil).
 * Upstream defaults apply: nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore.
 */
public record TopologySpreadConstraint(int maxSkew, String topologyKey, boolean doNotSchedule,
    LabelSelector selector, int minDomains) {
  public static TopologySpreadConstraint hard(int maxSkew, String topologyKey, LabelSelector selector) {
    return new TopologySpreadConstraint(maxSkew, topologyKey, true, selector, 0);
  }
}
