package dev.vkube.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy a namespace's pod-security.kubernetes.io labels ask for (api.PolicyToEvaluate): an invalid
 * enforce level means restricted, invalid audit and warn levels mean privileged (fail open), and warn
 * follows a stricter explicit enforce level unless set itself.
 */
public record NamespacePolicy(LevelVersion enforce, LevelVersion audit, LevelVersion warn, List<StatusCause> errors) {
  public static final String PREFIX = "pod-security.kubernetes.io/";
  private static final Pattern VERSION = Pattern.compile("v1\\.(0|[1-9][0-9]*)");

  public static NamespacePolicy of(JsonNode labels) {
    List<StatusCause> errors = new ArrayList<>();
    Level enforceLevel = level(labels, "enforce", Level.RESTRICTED, errors);
    boolean hasEnforce = labels.has(PREFIX + "enforce") && Level.parse(labels.path(PREFIX + "enforce").asText()) != null;
    int enforceVersion = version(labels, "enforce-version", errors);
    Level auditLevel = level(labels, "audit", Level.PRIVILEGED, errors);
    int auditVersion = version(labels, "audit-version", errors);
    Level warnLevel = level(labels, "warn", Level.PRIVILEGED, errors);
    int warnVersion = version(labels, "warn-version", errors);
    if (!labels.has(PREFIX + "warn") && hasEnforce && enforceLevel.compareTo(warnLevel) > 0) {
      warnLevel = enforceLevel;
      if (!labels.has(PREFIX + "warn-version")) {
        warnVersion = enforceVersion;
      }
    }
    return new NamespacePolicy(new LevelVersion(enforceLevel, enforceVersion), new LevelVersion(auditLevel,
        auditVersion), new LevelVersion(warnLevel, warnVersion), errors);
  }

  public boolean allPrivileged() {
    return errors.isEmpty() && enforce.level() == Level.PRIVILEGED && audit.level() == Level.PRIVILEGED
        && warn.level() == Level.PRIVILEGED;
  }

  private static Level level(JsonNode labels, String mode, Level onError, List<StatusCause> errors) {
    String key = PREFIX + mode;
    if (!labels.has(key)) {
      return Level.PRIVILEGED;
    }
    String value = labels.path(key).asText();
    Level level = Level.parse(value);
    if (level == null) {
      errors.add(StatusCause.invalid("metadata.labels[" + key + "]", value,
          "must be one of privileged, baseline, restricted"));
      return onError;
    }
    return level;
  }

  private static int version(JsonNode labels, String mode, List<StatusCause> errors) {
    String key = PREFIX + mode;
    if (!labels.has(key)) {
      return LevelVersion.LATEST;
    }
    String value = labels.path(key).asText();
    if (value.equals("latest")) {
      return LevelVersion.LATEST;
    }
    Matcher m = VERSION.matcher(value);
    if (!m.matches()) {
      errors.add(StatusCause.invalid("metadata.labels[" + key + "]", value,
          "must be 'latest' or of the form 'v1.x'"));
      return LevelVersion.LATEST;
    }
    return Integer.parseInt(m.group(1));
  }
}
