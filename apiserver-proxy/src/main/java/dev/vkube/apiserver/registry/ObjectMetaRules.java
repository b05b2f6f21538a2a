package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation of ObjectMeta shared by every resource (apimachinery ValidateObjectMeta): the name rule,
 * generateName, label keys and values, annotation keys and total size, with upstream's messages.
 */
public final class ObjectMetaRules {
  static final long TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
  private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final String NAME_PART_MESSAGE = "name part must consist of alphanumeric characters, '-', '_' or "
      + "'.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
      + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of "
      + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
      + "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
      + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  private ObjectMetaRules() {}

  static List<StatusCause> validate(ObjectNode object, NameRule rule) {
    List<StatusCause> causes = new ArrayList<>();
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      causes.add(new StatusCause("FieldValueRequired", "Required value: name or generateName is required",
          "metadata.name"));
    } else {
      Optional<String> problem = rule.check(name);
      problem.ifPresent(p -> causes.add(StatusCause.invalid("metadata.name", name, p)));
    }
    labels(metadata.path("labels"), causes);
    annotations(metadata.path("annotations"), causes);
    return causes;
  }

  private static void labels(JsonNode labels, List<StatusCause> causes) {
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      qualifiedName(label.getKey()).ifPresent(p -> causes.add(StatusCause.invalid("metadata.labels",
          label.getKey(), p)));
      String value = label.getValue().asText();
      if (value.length() > 63) {
        causes.add(StatusCause.invalid("metadata.labels", value, "must be no more than 63 characters"));
      } else if (!LABEL_VALUE.matcher(value).matches()) {
        causes.add(StatusCause.invalid("metadata.labels", value, LABEL_VALUE_MESSAGE));
      }
    }
  }

  private static void annotations(JsonNode annotations, List<StatusCause> causes) {
    long total = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> annotation = it.next();
      String key = annotation.getKey();
      qualifiedName(key.toLowerCase(java.util.Locale.ROOT)).ifPresent(p -> causes.add(StatusCause.invalid(
          "metadata.annotations", key, p)));
      total += key.getBytes(StandardCharsets.UTF_8).length
          + annotation.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      causes.add(new StatusCause("FieldValueTooLong", "Too long: must have at most " + TOTAL_ANNOTATION_SIZE_LIMIT
          + " bytes", "metadata.annotations"));
    }
  }

  /** IsQualifiedName: an optional DNS-subdomain prefix and a name part of at most 63 characters. */
  public static Optional<String> qualifiedName(String key) {
    String[] parts = key.split("/", -1);
    String name = parts[parts.length - 1];
    if (parts.length > 2) {
      return Optional.of("a qualified name " + NAME_PART_MESSAGE.substring("name part ".length()) + " with an "
          + "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }
    if (parts.length == 2) {
      if (parts[0].isEmpty()) {
        return Optional.of("prefix part must be non-empty");
      }
      Optional<String> prefix = NameRule.DNS_SUBDOMAIN.check(parts[0]);
      if (prefix.isPresent()) {
        return Optional.of("prefix part " + prefix.get());
      }
    }
    if (name.isEmpty()) {
      return Optional.of("name part must be non-empty");
    }
    if (name.length() > 63) {
      return Optional.of("name part must be no more than 63 characters");
    }
    return NAME_PART.matcher(name).matches() ? Optional.empty() : Optional.of(NAME_PART_MESSAGE);
  }
}
