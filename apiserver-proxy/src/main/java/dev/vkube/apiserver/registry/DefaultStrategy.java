package dev.vkube.apiserver.registry;

import java.util.List;
import java.util.Map;

/** A strategy configured by data: name rule, generation tracking, status reset and field selectors. */
public class DefaultStrategy implements ResourceStrategy {
  private final NameRule nameRule;
  private final boolean tracksGeneration;
  private final Map<String, String> selectableFields;
  private final List<String> verbs;

  public DefaultStrategy(NameRule nameRule, boolean tracksGeneration, Map<String, String> selectableFields,
      List<String> verbs) {
    this.nameRule = nameRule;
    this.tracksGeneration = tracksGeneration;
    this.selectableFields = Map.copyOf(selectableFields);
    this.verbs = List.copyOf(verbs);
  }

  @Override
  public NameRule nameRule() {
    return nameRule;
  }

  @Override
  public boolean tracksGeneration() {
    return tracksGeneration;
  }

  @Override
  public Map<String, String> selectableFields() {
    return selectableFields;
  }

  @Override
  public List<String> verbs() {
    return verbs;
  }
}
