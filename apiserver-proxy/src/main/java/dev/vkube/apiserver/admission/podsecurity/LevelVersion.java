package dev.vkube.apiserver.admission.podsecurity;

/** A level at a policy version: "restricted:latest", "baseline:v1.25" (api.LevelVersion). */
public record LevelVersion(Level level, int minor) {
  public static final int LATEST = Integer.MAX_VALUE;
  public static final LevelVersion PRIVILEGED_LATEST = new LevelVersion(Level.PRIVILEGED, LATEST);

  public String version() {
    return minor == LATEST ? "latest" : "v1." + minor;
  }

  @Override
  public String toString() {
    return level.label() + ":" + version();
  }
}
