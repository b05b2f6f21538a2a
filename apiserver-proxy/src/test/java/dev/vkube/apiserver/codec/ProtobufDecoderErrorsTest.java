package dev.vkube.apiserver.codec;

import static dev.vkube.apiserver.codec.ClientGoBodies.DECODER;
import static dev.vkube.apiserver.codec.ClientGoBodies.body;
import static dev.vkube.apiserver.codec.ClientGoBodies.frame;
import static dev.vkube.apiserver.codec.ClientGoBodies.goObjectMeta;
import static dev.vkube.apiserver.codec.ProtobufDecoderTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.Runtime.RawExtension;
import io.kubernetes.client.proto.Runtime.TypeMeta;
import io.kubernetes.client.proto.Runtime.Unknown;
import io.kubernetes.client.proto.V1.Namespace;
import io.kubernetes.client.proto.V1Apps.ControllerRevision;
import org.junit.jupiter.api.Test;

/** What the server turns into 415 (unknown kinds) or 400 (everything malformed). */
class ProtobufDecoderErrorsTest {
  private static final Namespace NAMESPACE =
      Namespace.newBuilder().setMetadata(goObjectMeta("", "demo")).build();

  @Test
  void unknownKindIsNotRegistered() {
    UnregisteredKindException e =
        assertThrows(
            UnregisteredKindException.class, () -> DECODER.decode(body("v1", "Foo", NAMESPACE)));

    assertEquals("no kind \"Foo\" is registered for version \"v1\"", e.getMessage());
  }

  @Test
  void customResourceIsNotRegistered() {
    UnregisteredKindException e =
        assertThrows(
            UnregisteredKindException.class,
            () -> DECODER.decode(body("example.com/v1", "Widget", NAMESPACE)));

    assertEquals("example.com/v1", e.apiVersion());
    assertEquals("Widget", e.kind());
  }

  @Test
  void bodyWithoutTheMagicIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DECODER.decode("{\"kind\":\"Namespace\"}".getBytes()));

    assertTrue(e.getMessage().contains("expected prefix k8s\\0"), e.getMessage());
  }

  @Test
  void emptyBodiesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> DECODER.decode(null));
    assertThrows(IllegalArgumentException.class, () -> DECODER.decode(new byte[0]));
    assertThrows(
        IllegalArgumentException.class, () -> DECODER.decode(new byte[] {'k', '8', 's', 0}));
  }

  @Test
  void corruptEnvelopeIsRejected() {
    byte[] body = {'k', '8', 's', 0, 0x0a, 0x7f, 0x01};

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DECODER.decode(body));

    assertTrue(
        e.getMessage().startsWith("corrupt protobuf runtime.Unknown envelope"), e.getMessage());
  }

  @Test
  void corruptObjectIsRejected() {
    byte[] body =
        frame(
            envelope("v1", "Namespace")
                .setRaw(ByteString.copyFrom(new byte[] {0x0a, 0x50, 0x0a}))
                .build());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DECODER.decode(body));

    assertTrue(e.getMessage().startsWith("corrupt protobuf Namespace"), e.getMessage());
  }

  @Test
  void envelopeWithoutKindIsRejected() {
    byte[] body = frame(envelope("v1", "").setRaw(NAMESPACE.toByteString()).build());

    assertThrows(IllegalArgumentException.class, () -> DECODER.decode(body));
  }

  @Test
  void compressedContentEncodingIsRejected() {
    byte[] body =
        frame(
            envelope("v1", "Namespace")
                .setRaw(NAMESPACE.toByteString())
                .setContentEncoding("gzip")
                .build());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DECODER.decode(body));

    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
  }

  @Test
  void rawExtensionThatIsNotJsonIsRejected() {
    for (String raw : new String[] {"{\"spec\":", "{} trailing", "k8s\0protobuf"}) {
      ControllerRevision revision =
          ControllerRevision.newBuilder()
              .setMetadata(goObjectMeta("apps", "web-1"))
              .setData(RawExtension.newBuilder().setRaw(utf8(raw)))
              .build();

      assertThrows(
          IllegalArgumentException.class,
          () -> DECODER.decode(body("apps/v1", "ControllerRevision", revision)),
          raw);
    }
  }

  @Test
  void protobufMediaTypeIsRecognisedWithParameters() {
    assertTrue(ProtobufDecoder.isProtobuf("application/vnd.kubernetes.protobuf"));
    assertTrue(ProtobufDecoder.isProtobuf("Application/Vnd.Kubernetes.Protobuf ; charset=utf-8"));
    assertFalse(ProtobufDecoder.isProtobuf("application/json"));
    assertFalse(ProtobufDecoder.isProtobuf("application/vnd.kubernetes.protobuf+json"));
    assertFalse(ProtobufDecoder.isProtobuf(""));
    assertFalse(ProtobufDecoder.isProtobuf(null));
  }

  private static Unknown.Builder envelope(String apiVersion, String kind) {
    return Unknown.newBuilder()
        .setTypeMeta(TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind));
  }
}
