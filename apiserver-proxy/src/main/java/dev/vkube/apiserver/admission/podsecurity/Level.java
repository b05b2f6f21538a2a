package dev.vkube.apiserver.admission.podsecurity;

/** The Pod Security Standards levels, least to most restrictive (pod-security-admission/api). */
public enum Level {
  PRIVILEGED, BASELINE, RESTRICTED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static Level parse(String value) {
    for (Level l : values()) {
      if (l.label().equals(value)) {
        return l;
      }
    }
    return null;
  }
}
