package dev.vkube.apiserver.openapi.protobuf;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gnostic's {@code openapiv2/OpenAPIv2.proto} (a verbatim copy in the test resources), read into
 * descriptors by a parser just big enough for that generated file (messages, fields, oneofs), so
 * encoded documents can be checked with protobuf reflection independently of the encoder's tables.
 */
final class GnosticProto {
  private static final Pattern MESSAGE = Pattern.compile("message (\\w+) \\{");
  private static final Pattern ONEOF = Pattern.compile("oneof (\\w+) \\{");
  private static final Pattern FIELD = Pattern.compile("(repeated )?([\\w.]+) (\\w+) = (\\d+);");
  private static final Map<String, FieldDescriptorProto.Type> SCALARS = Map.of(
      "string", FieldDescriptorProto.Type.TYPE_STRING, "bool", FieldDescriptorProto.Type.TYPE_BOOL,
      "double", FieldDescriptorProto.Type.TYPE_DOUBLE, "int64", FieldDescriptorProto.Type.TYPE_INT64);
  private static final FileDescriptor FILE = load();

  private GnosticProto() {}

  static Descriptor type(String name) {
    Descriptor type = FILE.findMessageTypeByName(name);
    assertNotNull(type, name);
    return type;
  }

  /** Parses {@code bytes} as {@code openapi.v2.<type>}, failing on any field the .proto does not declare. */
  static DynamicMessage parse(String type, byte[] bytes) throws InvalidProtocolBufferException {
    DynamicMessage message = DynamicMessage.parseFrom(type(type), bytes);
    assertNoUnknownFields(message, type);
    return message;
  }

  /** A wrong field number or wire type lands in the unknown fields of the message it is in. */
  static void assertNoUnknownFields(Message message, String path) {
    assertTrue(message.getUnknownFields().asMap().isEmpty(),
        () -> path + " has unknown fields " + message.getUnknownFields().asMap().keySet());
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      String at = path + "." + field.getKey().getName();
      if (field.getKey().isRepeated()) {
        for (Object item : (List<?>) field.getValue()) {
          assertNoUnknownFields((Message) item, at);
        }
      } else {
        assertNoUnknownFields((Message) field.getValue(), at);
      }
    }
  }

  /** The field's value, or null if unset (a message) / its default (a scalar). */
  static Object get(Message message, String field) {
    FieldDescriptor descriptor = message.getDescriptorForType().findFieldByName(field);
    assertNotNull(descriptor, message.getDescriptorForType().getName() + "." + field);
    if (descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !descriptor.isRepeated()
        && !message.hasField(descriptor)) {
      return null;
    }
    return message.getField(descriptor);
  }

  static Message msg(Message message, String field) {
    return (Message) get(message, field);
  }

  @SuppressWarnings("unchecked")
  static List<Message> list(Message message, String field) {
    return (List<Message>) get(message, field);
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Message message, String field) {
    return (List<String>) get(message, field);
  }

  /** The value of the {@code Named*} entry called {@code name} among the repeated field's entries. */
  static Message named(Message message, String field, String name) {
    for (Message entry : list(message, field)) {
      if (name.equals(get(entry, "name"))) {
        return msg(entry, "value");
      }
    }
    return null;
  }

  private static FileDescriptor load() {
    String text;
    try (InputStream in = GnosticProto.class.getResourceAsStream("/gnostic/OpenAPIv2.proto")) {
      assertNotNull(in, "test resource gnostic/OpenAPIv2.proto");
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder().setName("openapiv2/OpenAPIv2.proto")
        .setPackage("openapi.v2").setSyntax("proto3").addDependency("google/protobuf/any.proto");
    List<DescriptorProto.Builder> messages = new ArrayList<>();
    DescriptorProto.Builder message = null;
    Integer oneof = null;
    for (String raw : text.split("\n")) {
      String line = raw.replaceAll("//.*", "").trim();
      Matcher m;
      if ((m = MESSAGE.matcher(line)).matches()) {
        message = DescriptorProto.newBuilder().setName(m.group(1));
        messages.add(message);
      } else if (message != null && (m = ONEOF.matcher(line)).matches()) {
        oneof = message.getOneofDeclCount();
        message.addOneofDecl(OneofDescriptorProto.newBuilder().setName(m.group(1)));
      } else if (message != null && (m = FIELD.matcher(line)).matches()) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName(m.group(3))
            .setNumber(Integer.parseInt(m.group(4)))
            .setLabel(m.group(1) != null ? FieldDescriptorProto.Label.LABEL_REPEATED
                : FieldDescriptorProto.Label.LABEL_OPTIONAL);
        FieldDescriptorProto.Type scalar = SCALARS.get(m.group(2));
        if (scalar != null) {
          field.setType(scalar);
        } else {
          field.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(m.group(2).contains(".")
              ? "." + m.group(2) : ".openapi.v2." + m.group(2));
        }
        if (oneof != null) {
          field.setOneofIndex(oneof);
        }
        message.addField(field);
      } else if (line.equals("}")) {
        if (oneof != null) {
          oneof = null;
        } else {
          message = null;
        }
      }
    }
    messages.forEach(file::addMessageType);
    try {
      return FileDescriptor.buildFrom(file.build(), new FileDescriptor[] {AnyProto.getDescriptor()});
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }
}
