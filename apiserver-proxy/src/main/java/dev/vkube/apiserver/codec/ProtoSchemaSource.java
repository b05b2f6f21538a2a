package dev.vkube.apiserver.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Optional;

/**
 * The codec's knowledge of the built-in types, for other readers of the schemas (OpenAPI): each kind's
 * protobuf message and each field's Go JSON name and inlining. Loading it indexes every generated
 * descriptor, so build one and share it.
 */
public final class ProtoSchemaSource {
  private final KindIndex kinds;
  private final GoJsonTags tags;

  public ProtoSchemaSource() {
    this.kinds = KindIndex.of(GeneratedProtoFiles.load());
    this.tags = GoJsonTags.load();
  }

  public Optional<Descriptor> message(String apiVersion, String kind) {
    return kinds.find(apiVersion, kind);
  }

  public String jsonName(FieldDescriptor field) {
    return tags.of(field).jsonName();
  }

  public boolean inlined(FieldDescriptor field) {
    return tags.of(field).inline();
  }
}
