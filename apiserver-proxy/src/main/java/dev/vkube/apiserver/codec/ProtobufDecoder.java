package dev.vkube.apiserver.codec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime.Unknown;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns a Kubernetes protobuf request body into the JSON tree the same object sent as JSON gives.
 *
 * <p>client-go sends built-in types as protobuf (kubectl's typed commands, Helm's release Secrets,
 * every typed clientset), while the server keeps JSON trees. The body is the magic {@code k8s\0},
 * then a {@code runtime.Unknown} whose typeMeta names the kind and whose raw bytes are that kind's
 * message from k8s.io/api's generated.proto (apimachinery runtime/serializer/protobuf). The kind is
 * looked up in the descriptors client-java-proto ships and the message converted generically, with
 * the Go JSON tags the descriptors lack ({@link GoJsonTags}) and the Go types that write their own
 * JSON ({@link CustomShapes}).
 *
 * <p>Construct one at startup and share it: the constructor loads, indexes and plans every
 * descriptor (about a second, mostly protobuf building the descriptors of some 50 files); {@link
 * #decode} is then a parse and a walk (roughly 0.1 ms per KB of body), and safe from any thread.
 */
public final class ProtobufDecoder {
  /** The media type client-go sends protobuf bodies with. */
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
  private static final Descriptor ENVELOPE = Unknown.getDescriptor();

  private final KindIndex kinds;
  private final MessageToJson json;

  /** Indexes the descriptors of every generated Kubernetes proto package on the class path. */
  public ProtobufDecoder() {
    this(GeneratedProtoFiles.load());
  }

  ProtobufDecoder(List<FileDescriptor> files) {
    this(files, KindIndex.of(files), GoJsonTags.load());
  }

  ProtobufDecoder(List<FileDescriptor> files, KindIndex kinds, GoJsonTags tags) {
    this.kinds = kinds;
    this.json = new MessageToJson(files, tags);
  }

  /** Whether a Content-Type header names Kubernetes protobuf (parameters ignored). */
  public static boolean isProtobuf(String contentType) {
    if (contentType == null) {
      return false;
    }
    int parameters = contentType.indexOf(';');
    String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
    return mediaType.strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE);
  }

  /**
   * The JSON tree of a protobuf body: {@code kind} and {@code apiVersion} from the envelope, then
   * the object's fields as Go's encoding/json would write them.
   *
   * @throws UnregisteredKindException if the kind has no protobuf message (e.g. a custom resource)
   * @throws IllegalArgumentException if the body is not a well-formed Kubernetes protobuf object
   */
  public ObjectNode decode(byte[] body) {
    Message envelope = parse(ENVELOPE, envelopeBytes(body), "runtime.Unknown envelope");
    Message typeMeta = (Message) field(envelope, "typeMeta");
    String apiVersion = (String) field(typeMeta, "apiVersion");
    String kind = (String) field(typeMeta, "kind");
    String contentEncoding = (String) field(envelope, "contentEncoding");
    if (kind.isEmpty() || apiVersion.isEmpty()) {
      throw new IllegalArgumentException("protobuf envelope is missing its kind or apiVersion");
    } else if (!contentEncoding.isEmpty()) {
      throw new IllegalArgumentException(
          "unsupported protobuf contentEncoding \"" + contentEncoding + "\"");
    }
    Descriptor type =
        kinds
            .find(apiVersion, kind)
            .orElseThrow(() -> new UnregisteredKindException(apiVersion, kind));
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("kind", kind);
    object.put("apiVersion", apiVersion);
    json.writeFields(parse(type, (ByteString) field(envelope, "raw"), kind), object);
    return object;
  }

  private static ByteString envelopeBytes(byte[] body) {
    if (body == null
        || body.length < MAGIC.length
        || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IllegalArgumentException(
          "body does not appear to be a Kubernetes protobuf message, expected prefix k8s\\0");
    } else if (body.length == MAGIC.length) {
      throw new IllegalArgumentException("empty protobuf body");
    }
    return ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length);
  }

  private static Object field(Message message, String name) {
    return message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  /**
   * Parses with DynamicMessage, also for the envelope: client-java-proto's generated parsers
   * predate protobuf 22 and protobuf-java warns they are unsafe on untrusted input. buildPartial,
   * because Go does not check proto2 required fields either.
   */
  private static Message parse(Descriptor type, ByteString bytes, String what) {
    try {
      return DynamicMessage.newBuilder(type).mergeFrom(bytes).buildPartial();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("corrupt protobuf " + what + ": " + e.getMessage(), e);
    }
  }
}
