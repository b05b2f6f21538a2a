package dev.vkube.apiserver.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Kubernetes protobuf message as the JSON tree Go's encoding/json writes for the same Go
 * struct, by one generic walk over descriptors.
 *
 * <p>Per message type the field plan (JSON name, inlined or not, omitted when zero, custom shape)
 * is worked out once at construction, so a decode is only the walk. Numbers come out as the node
 * types Jackson gives when it parses Go's JSON (an int64 that fits an int is an IntNode), so the
 * tree equals the one a JSON body produces.
 */
final class MessageToJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Go's encoding/json writes []byte as standard, padded base64. */
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private static final ObjectReader RAW_JSON =
      new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ByteString PROTOBUF_MAGIC =
      ByteString.copyFrom(new byte[] {'k', '8', 's', 0});

  /** Go's float64 JSON switches to exponent notation, which Jackson reads as a double, here. */
  private static final double GO_EXPONENT_THRESHOLD = 1e21;

  /** How one field is written. */
  private record FieldPlan(
      FieldDescriptor field, String jsonName, boolean inline, boolean omitZero) {}

  /** How one message type is written: by a custom shape or field by field. */
  private record MessagePlan(CustomShapes.Shape shape, List<FieldPlan> fields) {}

  private final GoJsonTags tags;
  private final Map<Descriptor, MessagePlan> plans = new IdentityHashMap<>();

  /** Plans every message of the files; never modified afterwards, so safe to share. */
  MessageToJson(List<FileDescriptor> files, GoJsonTags tags) {
    this.tags = tags;
    files.forEach(file -> file.getMessageTypes().forEach(type -> plans.put(type, plan(type))));
  }

  /** The fields of a message, written into {@code target}. */
  void writeFields(Message message, ObjectNode target) {
    for (FieldPlan plan : planOf(message.getDescriptorForType()).fields()) {
      FieldDescriptor field = plan.field();
      if (field.isMapField()) {
        putUnlessEmpty(target, plan.jsonName(), map(message, field));
      } else if (field.isRepeated()) {
        putUnlessEmpty(target, plan.jsonName(), array(message, field));
      } else if (message.hasField(field)) {
        Object value = message.getField(field);
        if (plan.omitZero() && GoZeroValues.isZero(value)) {
          continue;
        } else if (plan.inline()) {
          writeFields((Message) value, target);
        } else {
          target.set(plan.jsonName(), value(field, value));
        }
      }
    }
  }

  /** A message as a JSON value: its custom shape, else an object of its fields. */
  JsonNode message(Message message) {
    MessagePlan plan = planOf(message.getDescriptorForType());
    if (plan.shape() != null) {
      return plan.shape().toJson(message, this);
    }
    ObjectNode object = NODES.objectNode();
    writeFields(message, object);
    return object;
  }

  /** A repeated field as an array. */
  ArrayNode array(Message message, String fieldName) {
    return array(message, message.getDescriptorForType().findFieldByName(fieldName));
  }

  private ArrayNode array(Message message, FieldDescriptor field) {
    ArrayNode array = NODES.arrayNode();
    int count = message.getRepeatedFieldCount(field);
    for (int i = 0; i < count; i++) {
      array.add(value(field, message.getRepeatedField(field, i)));
    }
    return array;
  }

  /**
   * Raw bytes that Go copies into JSON as they are (RawExtension, FieldsV1, apiextensions JSON).
   * They are JSON from every client-go path; an embedded protobuf object could never be written out
   * as JSON, so it is refused rather than guessed at.
   */
  JsonNode embedded(ByteString raw) {
    if (raw.isEmpty()) {
      return NODES.nullNode();
    } else if (raw.startsWith(PROTOBUF_MAGIC)) {
      throw new IllegalArgumentException("embedded raw object is protobuf; only JSON is supported");
    }
    try {
      JsonNode tree = RAW_JSON.readTree(raw.newInput());
      if (!tree.isMissingNode()) {
        return tree;
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("embedded raw object is not JSON: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("embedded raw object is blank");
  }

  private ObjectNode map(Message message, FieldDescriptor field) {
    Descriptor entry = field.getMessageType();
    FieldDescriptor key = entry.findFieldByNumber(1);
    FieldDescriptor value = entry.findFieldByNumber(2);
    ObjectNode object = NODES.objectNode();
    int count = message.getRepeatedFieldCount(field);
    for (int i = 0; i < count; i++) {
      Message pair = (Message) message.getRepeatedField(field, i);
      object.set(String.valueOf(pair.getField(key)), value(value, pair.getField(value)));
    }
    return object;
  }

  private JsonNode value(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> message((Message) value);
      case STRING -> NODES.textNode((String) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case INT -> NODES.numberNode((Integer) value);
      case LONG -> integral((Long) value);
      case FLOAT, DOUBLE -> floating(((Number) value).doubleValue());
      case BYTE_STRING -> NODES.textNode(BASE64.encodeToString(((ByteString) value).toByteArray()));
      case ENUM -> NODES.textNode(((EnumValueDescriptor) value).getName());
    };
  }

  private static JsonNode integral(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  /** Go writes integral floats without a fraction ("3"), which Jackson reads as an integer. */
  private static JsonNode floating(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("float " + value + " cannot be written as JSON");
    }
    boolean integral = value == Math.rint(value) && Math.abs(value) < GO_EXPONENT_THRESHOLD;
    if (!integral) {
      return NODES.numberNode(value);
    }
    BigDecimal exact = new BigDecimal(value);
    return exact.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
        ? integral(exact.longValueExact())
        : NODES.numberNode(exact.toBigIntegerExact());
  }

  private static void putUnlessEmpty(ObjectNode target, String name, JsonNode container) {
    if (!container.isEmpty()) {
      target.set(name, container);
    }
  }

  private MessagePlan planOf(Descriptor type) {
    MessagePlan plan = plans.get(type);
    return plan != null ? plan : plan(type);
  }

  private MessagePlan plan(Descriptor type) {
    List<FieldPlan> fields = new ArrayList<>();
    for (FieldDescriptor field : type.getFields()) {
      GoJsonTags.FieldTag tag = tags.of(field);
      fields.add(new FieldPlan(field, tag.jsonName(), tag.inline(), tag.omitZero()));
    }
    return new MessagePlan(CustomShapes.of(type), List.copyOf(fields));
  }
}
