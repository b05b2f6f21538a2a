package dev.vkube.apiserver.registry.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.registry.DefaultStrategy;
import dev.vkube.apiserver.registry.NameRule;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.core.PodSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Objects of the workload controllers: the pod template gets pod defaults, the kind its own defaults
 * (WorkloadDefaults), and the selector is checked as its style requires (apps and batch strategy.go).
 */
public final class WorkloadStrategy extends DefaultStrategy {
  /** How a kind selects its pods. */
  public enum SelectorStyle {
    /** spec.selector is a LabelSelector, required, matching the template labels, immutable (apps/v1). */
    LABEL_SELECTOR,
    /** spec.selector is a map, defaulted from the template labels (ReplicationController). */
    MAP,
    /** The server generates the selector from the object's uid unless manualSelector (Job). */
    GENERATED,
    /** No selector of its own (CronJob). */
    NONE
  }

  private final String templatePath;
  private final SelectorStyle style;
  private final WorkloadDefaults defaults;

  public WorkloadStrategy(String templatePath, SelectorStyle style, WorkloadDefaults defaults,
      Map<String, String> selectableFields) {
    super(NameRule.DNS_SUBDOMAIN, true, selectableFields, ResourceDefinition.ALL_VERBS);
    this.templatePath = templatePath;
    this.style = style;
    this.defaults = defaults;
  }

  @Override
  public void applyDefaults(ObjectNode object) {
    defaults.apply(object);
    if (at(object, templatePath) instanceof ObjectNode template) {
      PodSpecs.applyDefaults(template.with("spec"));
      if (style == SelectorStyle.MAP && at(object, "spec.selector").size() == 0
          && template.path("metadata").path("labels").size() > 0) {
        object.with("spec").set("selector", template.path("metadata").path("labels").deepCopy());
      }
    }
  }

  @Override
  public void prepareForCreate(ObjectNode object) {
    if (style == SelectorStyle.GENERATED && !at(object, "spec.manualSelector").asBoolean(false)) {
      JobSelectors.generate(object);
    }
  }

  @Override
  public List<StatusCause> validate(ObjectNode object) {
    List<StatusCause> causes = new ArrayList<>();
    JsonNode template = at(object, templatePath);
    if (template.isMissingNode()) {
      causes.add(StatusCause.required(templatePath));
      return causes;
    }
    causes.addAll(PodSpecs.validate(template.path("spec"), templatePath + ".spec"));
    if (style != SelectorStyle.NONE) {
      checkSelector(object, template.path("metadata").path("labels"), causes);
    }
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
    List<StatusCause> causes = new ArrayList<>(validate(object));
    boolean immutable = style == SelectorStyle.LABEL_SELECTOR || style == SelectorStyle.GENERATED;
    if (immutable && !at(object, "spec.selector").equals(at(old, "spec.selector"))) {
      causes.add(StatusCause.invalid("spec.selector", at(object, "spec.selector").toString(),
          "field is immutable"));
    }
    return causes;
  }

  private void checkSelector(ObjectNode object, JsonNode templateLabels, List<StatusCause> causes) {
    JsonNode selector = at(object, "spec.selector");
    JsonNode matchLabels = style == SelectorStyle.MAP ? selector : selector.path("matchLabels");
    if (matchLabels.size() == 0 && selector.path("matchExpressions").size() == 0) {
      causes.add(StatusCause.required("spec.selector"));
      return;
    }
    boolean matches = true;
    for (var it = matchLabels.fields(); it.hasNext(); ) {
      var e = it.next();
      matches &= e.getValue().asText().equals(templateLabels.path(e.getKey()).asText(null));
    }
    if (!matches) {
      causes.add(StatusCause.invalid(templatePath + ".metadata.labels", Cells.mapString(templateLabels),
          "`selector` does not match template `labels`"));
    }
  }

  static JsonNode at(JsonNode object, String dotted) {
    JsonNode node = object;
    for (String part : dotted.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  /** Go's map[string]string formatting in messages: map[a:b c:d]. */
  private static final class Cells {
    static String mapString(JsonNode labels) {
      java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
      labels.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
      List<String> parts = new ArrayList<>();
      sorted.forEach((k, v) -> parts.add(k + ":" + v));
      return "map[" + String.join(" ", parts) + "]";
    }
  }
}
