package dev.vkube.apiserver.registry.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.api.table.Column;
import dev.vkube.apiserver.registry.NameRule;
import dev.vkube.apiserver.registry.ResourceStrategy;
import dev.vkube.apiserver.registry.ScalePaths;
import java.util.List;

/**
 * The strategy a CRD version generates for its objects (apiextensions-apiserver customresource
 * strategy): schema defaults, pruning and validation; generation; the status and scale subresources;
 * printer columns. Strategic merge patch is refused (415) as upstream.
 */
final class CustomResourceStrategy implements ResourceStrategy {
  private final StructuralSchema schema;
  private final List<Column> columns;
  private final ScalePaths scale;

  CustomResourceStrategy(JsonNode version, java.time.Clock clock) {
    this.schema = new StructuralSchema(version.path("schema").path("openAPIV3Schema"));
    this.columns = PrinterColumns.of(version, clock);
    JsonNode scaleSpec = version.path("subresources").path("scale");
    this.scale = scaleSpec.isMissingNode() ? null : new ScalePaths(trim(scaleSpec.path("specReplicasPath")),
        trim(scaleSpec.path("statusReplicasPath")), scaleSpec.has("labelSelectorPath")
            ? trim(scaleSpec.path("labelSelectorPath")) : null);
  }

  @Override
  public NameRule nameRule() {
    return NameRule.DNS_SUBDOMAIN;
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  public void applyDefaults(ObjectNode object) {
    schema.applyDefaults(object);
  }

  @Override
  public void prepareForCreate(ObjectNode object) {
    schema.prune(object);
  }

  @Override
  public void prepareForUpdate(ObjectNode object, ObjectNode old) {
    schema.prune(object);
  }

  @Override
  public List<StatusCause> validate(ObjectNode object) {
    return schema.validate(object);
  }

  @Override
  public ScalePaths scalePaths() {
    return scale;
  }

  @Override
  public List<Column> tableColumns() {
    return columns;
  }

  @Override
  public boolean prunesUnknownFieldsItself() {
    return true;
  }

  @Override
  public boolean acceptsStrategicMergePatch() {
    return false;
  }

  private static String trim(JsonNode path) {
    String p = path.asText("");
    return p.startsWith(".") ? p.substring(1) : p;
  }
}
