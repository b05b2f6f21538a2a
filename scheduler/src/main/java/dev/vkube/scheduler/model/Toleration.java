package dev.vkube.scheduler.model;

/**
 * A pod toleration. A null effect matches every effect and an empty key with {@code exists}
 * matches every taint, as in k8s.io/api core/v1 toleration.go ToleratesTaint.
 */
public record Toleration(String key, boolean exists, String value, TaintEffect effect) {
  public Toleration {
    key = key == null ? "" : key;
    value = value == null ? "" : value;
  }

  public static Toleration exists(String key, TaintEffect effect) {
    return new Toleration(key, true, "", effect);
  }

  public static Toleration equal(String key, String value, TaintEffect effect) {
    return new Toleration(key, false, value, effect);
  }

  public boolean tolerates(Taint taint) {
    if (effect != null && effect != taint.effect()) {
      return false;
    }
    if (!key.isEmpty() && !key.equals(taint.key())) {
      return false;
    }
    // An empty key with Equal is invalid upstream and tolerates nothing.
    return exists ? true : !key.isEmpty() && value.equals(taint.value());
  }
}
