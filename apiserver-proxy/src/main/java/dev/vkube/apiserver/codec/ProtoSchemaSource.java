package dev.vkube.apiserver.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * The codec's knowledge of the built-in types, for other readers of the schemas (OpenAPI): each kind's
 * protobuf message and each field's Go JSON name and inlining. Loading it indexes every generated
 * descriptor, so build one and share it.
 */
public final class ProtoSchemaSource {
  private final List<FileDescriptor> files;
  private final KindIndex kinds;
  private final GoJsonTags tags;

  public ProtoSchemaSource() {
    this.files = GeneratedProtoFiles.load();
    this.kinds = KindIndex.of(files);
    this.tags = GoJsonTags.load();
  }

  /** A decoder over the same index (the request decoder and OpenAPI share one load). */
  public ProtobufDecoder decoder() {
    return new ProtobufDecoder(files, kinds, tags);
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
