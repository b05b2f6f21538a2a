package dev.vkube.apiserver.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name rules of apimachinery's validation (IsDNS1123Subdomain, IsDNS1123Label,
 * ValidatePathSegmentName), with upstream's messages since kubectl prints them.
 */
public enum NameRule {
  DNS_SUBDOMAIN {
    @Override
    public Optional<String> check(String name) {
      if (name.length() > 253) {
        return Optional.of("must be no more than 253 characters");
      }
      return SUBDOMAIN.matcher(name).matches() ? Optional.empty() : Optional.of(SUBDOMAIN_MESSAGE);
    }
  },
  DNS_LABEL {
    @Override
    public Optional<String> check(String name) {
      if (name.length() > 63) {
        return Optional.of("must be no more than 63 characters");
      }
      return LABEL.matcher(name).matches() ? Optional.empty() : Optional.of(LABEL_MESSAGE);
    }
  },
  PATH_SEGMENT {
    @Override
    public Optional<String> check(String name) {
      if (name.equals(".") || name.equals("..")) {
        return Optional.of("may not be '" + name + "'");
      }
      if (name.contains("/") || name.contains("%")) {
        return Optional.of("may not contain '" + (name.contains("/") ? "/" : "%") + "'");
      }
      return Optional.empty();
    }
  };

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
      + "'example.com', regex used for validation is "
      + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
      + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
      + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

  /** Empty when the name is valid, else the message upstream gives. */
  public abstract Optional<String> check(String name);
}
