package dev.vkube.apiserver.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.vkube.apiserver.codec.ProtoSchemaSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ProtoTypes} read from the protobuf codec, which already indexes every kind's message and
 * knows the Go JSON tags, so the tag table stays in one place.
 */
final class CodecProtoTypes implements ProtoTypes {
  private final ProtoSchemaSource source;
  private final Map<FieldDescriptor, Tag> tagCache = new ConcurrentHashMap<>();

  /** A field's tag, read once: the walks ask for every field of every message several times. */
  private record Tag(String jsonName, boolean inline) {}

  CodecProtoTypes() {
    this(new ProtoSchemaSource());
  }

  CodecProtoTypes(ProtoSchemaSource source) {
    this.source = source;
  }

  @Override
  public Optional<Descriptor> message(String apiVersion, String kind) {
    return source.message(apiVersion, kind);
  }

  @Override
  public String jsonName(FieldDescriptor field) {
    return tag(field).jsonName();
  }

  @Override
  public boolean inlined(FieldDescriptor field) {
    return tag(field).inline();
  }

  private Tag tag(FieldDescriptor field) {
    return tagCache.computeIfAbsent(field, f -> new Tag(source.jsonName(f), source.inlined(f)));
  }
}
