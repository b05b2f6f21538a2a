package dev.vkube.apiserver.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Optional;

/**
 * What schema generation needs from the protobuf side: the message of a kind and the JSON facts
 * generated.proto does not carry (a field's Go JSON name, and whether Go flattens it).
 */
interface ProtoTypes {
  /** The message of {@code apiVersion, kind}, or empty when the kind has none (custom resources). */
  Optional<Descriptor> message(String apiVersion, String kind);

  /** The field's name in JSON ({@code aPIGroup} is {@code apiGroup}, {@code ref} is {@code $ref}). */
  String jsonName(FieldDescriptor field);

  /** Whether Go flattens the field into its parent ({@code json:",inline"}, e.g. Volume.volumeSource). */
  boolean inlined(FieldDescriptor field);
}
