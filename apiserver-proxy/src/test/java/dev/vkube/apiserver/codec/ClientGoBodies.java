package dev.vkube.apiserver.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageLite;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Meta.Time;
import io.kubernetes.client.proto.Runtime.TypeMeta;
import io.kubernetes.client.proto.Runtime.Unknown;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Request bodies as client-go writes them, and the one decoder the tests share. */
final class ClientGoBodies {
  /** Built once per test JVM: indexing every descriptor takes about a second. */
  static final ProtobufDecoder DECODER = new ProtobufDecoder();

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  private ClientGoBodies() {}

  /**
   * The magic, then runtime.Unknown with all four fields, as apimachinery's Unknown.NestedMarshalTo
   * writes them (contentEncoding and contentType present but empty).
   */
  static byte[] body(String apiVersion, String kind, MessageLite object) {
    return frame(
        Unknown.newBuilder()
            .setTypeMeta(TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
            .setRaw(object.toByteString())
            .setContentEncoding("")
            .setContentType("")
            .build());
  }

  static byte[] frame(MessageLite envelope) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(MAGIC);
      envelope.writeTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * ObjectMeta as Go's generated Marshal writes it: every non-pointer field, zero or not, so the
   * decoder has to drop the zeros Go's JSON would omit.
   */
  static ObjectMeta.Builder goObjectMeta(String namespace, String name) {
    return ObjectMeta.newBuilder()
        .setName(name)
        .setGenerateName("")
        .setNamespace(namespace)
        .setSelfLink("")
        .setUid("")
        .setResourceVersion("")
        .setGeneration(0)
        .setCreationTimestamp(Time.getDefaultInstance());
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
