package dev.vkube.apiserver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apiextensions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated table parses and still matches the descriptors of the jar on the class path. */
class GoJsonTagsTest {
  private static final GoJsonTags TAGS = GoJsonTags.load();

  @Test
  void everyTableEntryNamesAFieldOfTheJar() {
    Set<String> fields = new HashSet<>();
    for (FileDescriptor file : GeneratedProtoFiles.load()) {
      for (Descriptor message : file.getMessageTypes()) {
        message.getFields().forEach(field -> fields.add(field.getFullName()));
      }
    }
    List<String> stale = new ArrayList<>();
    TAGS.fullFieldNames()
        .forEach(
            name -> {
              if (!fields.contains(name)) {
                stale.add(name);
              }
            });

    assertEquals(List.of(), stale, "regenerate GoJsonTagTable with GoJsonTagTableGenerator");
  }

  @Test
  void tableKnowsInlinedRenamedAndOmittedFields() {
    assertEquals(
        new GoJsonTags.FieldTag("volumeSource", true, false),
        TAGS.of(field(V1.Volume.getDescriptor(), "volumeSource")));
    assertEquals(
        new GoJsonTags.FieldTag("x-kubernetes-preserve-unknown-fields", false, false),
        TAGS.of(
            field(
                V1Apiextensions.JSONSchemaProps.getDescriptor(),
                "xKubernetesPreserveUnknownFields")));
    assertEquals(
        new GoJsonTags.FieldTag("restartPolicy", false, true),
        TAGS.of(field(V1.PodSpec.getDescriptor(), "restartPolicy")));
    assertEquals(
        new GoJsonTags.FieldTag("terminationGracePeriodSeconds", false, false),
        TAGS.of(field(V1.PodSpec.getDescriptor(), "terminationGracePeriodSeconds")));
  }

  @Test
  void parsesPackagesCommentsAndContinuationLines() {
    GoJsonTags tags =
        GoJsonTags.parse(
            """
            # comment
            [k8s.io.api.networking.v1]
            IngressClassParametersReference aPIGroup=apiGroup
            IngressClassParametersReference kind?
            """);

    assertTrue(tags.fullFieldNames().iterator().hasNext());
    assertEquals(
        new GoJsonTags.FieldTag("apiGroup", false, false),
        tags.of(
            field(
                io.kubernetes.client.proto.V1Networking.IngressClassParametersReference
                    .getDescriptor(),
                "aPIGroup")));
  }

  @Test
  void malformedTokenIsReported() {
    assertThrows(IllegalStateException.class, () -> GoJsonTags.parse("[p]\nMessage bad!token\n"));
  }

  private static FieldDescriptor field(Descriptor message, String name) {
    return message.findFieldByName(name);
  }
}
