package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vkube.apiserver.codec.ProtoSchemaSource;
import dev.vkube.apiserver.openapi.protobuf.GnosticV2Encoder;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The OpenAPI documents of the served resources ({@code /openapi/v2}, {@code /openapi/v3} and
 * {@code /openapi/v3/<group version>}) and the schema queries server-side field validation needs.
 *
 * <p>Documents are generated from the registry on first use (built-in kinds from their protobuf
 * descriptors, custom resources from the schemas given to {@link #registerSchema}) and cached until
 * {@link #invalidate}. The first call of each family takes a few hundred milliseconds: call it off
 * the event loop (or warm it at startup). Returned arrays are shared: callers must not modify them.
 * Thread-safe.
 */
public final class OpenApiService {
  private final ResourceRegistry registry;
  private final Supplier<ProtoTypes> typesFactory;
  private ProtoTypes types; // loaded by the first build (the descriptors take a second): guarded by buildLock
  private ListSemantics lists; // guarded by buildLock
  private final Map<GroupVersionKind, JsonNode> customSchemas = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final Object buildLock = new Object();
  private volatile byte[] v2;
  private volatile byte[] v2Protobuf;
  private volatile DocumentBuilder.V3 v3;

  public OpenApiService(ResourceRegistry registry) {
    this(registry, CodecProtoTypes::new);
  }

  /** Reads the built-in types from a schema source shared with the protobuf request decoder. */
  public static OpenApiService sharing(ResourceRegistry registry, Supplier<ProtoSchemaSource> source) {
    return new OpenApiService(registry, () -> new CodecProtoTypes(source.get()));
  }

  OpenApiService(ResourceRegistry registry, Supplier<ProtoTypes> types) {
    this.registry = registry;
    this.typesFactory = types;
  }

  /** The Swagger 2.0 document (JSON). */
  public byte[] v2() {
    byte[] cached = v2;
    if (cached != null) {
      return cached;
    }
    synchronized (buildLock) {
      long seen = generation.get();
      byte[] built = v2 != null ? v2 : builder().v2();
      if (generation.get() == seen) {
        v2 = built;
      }
      return built;
    }
  }

  /**
   * The Swagger 2.0 document as gnostic's {@code openapi.v2.Document} protobuf message, what
   * kube-apiserver answers {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf}
   * with (client-go's OpenAPISchema(), kubectl 1.27's validation and explain).
   */
  public byte[] v2Protobuf() {
    byte[] cached = v2Protobuf;
    if (cached != null) {
      return cached;
    }
    synchronized (buildLock) {
      long seen = generation.get();
      byte[] built = v2Protobuf;
      if (built == null) {
        try {
          built = GnosticV2Encoder.encode(new ObjectMapper().readTree(v2()));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the OpenAPI v2 document back", e);
        }
      }
      if (generation.get() == seen) {
        v2Protobuf = built;
      }
      return built;
    }
  }

  /** {@code {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}, ...}}}. */
  public byte[] v3Index() {
    return v3Documents().index();
  }

  /** The OpenAPI 3.0 document of {@code api/v1} or {@code apis/GROUP/VERSION}, if served. */
  public Optional<byte[]> v3(String groupVersionPath) {
    return Optional.ofNullable(v3Documents().documents().get(strip(groupVersionPath)));
  }

  /** The hash the index gives the document (upper-case hex SHA-512), or null if not served. */
  public String v3Hash(String groupVersionPath) {
    return v3Documents().hashes().get(strip(groupVersionPath));
  }

  /** Drops the cached documents; call after resources are registered or removed. */
  public void invalidate() {
    generation.incrementAndGet();
    v2 = null;
    v2Protobuf = null;
    v3 = null;
  }

  /**
   * Publishes a custom resource's structural schema (its CRD version's {@code openAPIV3Schema});
   * it appears as {@code <reversed group>.<version>.<Kind>} in both documents.
   */
  public void registerSchema(String group, String version, String kind, JsonNode openApiV3Schema) {
    customSchemas.put(new GroupVersionKind(group, version, kind), openApiV3Schema.deepCopy());
    invalidate();
  }

  /** Withdraws a custom resource's schema (its CRD or version is gone). */
  public void unregisterSchema(String group, String version, String kind) {
    customSchemas.remove(new GroupVersionKind(group, version, kind));
    invalidate();
  }

  /**
   * The fields of {@code object} its kind's schema does not know, each as kube-apiserver words it
   * for {@code fieldValidation} ({@code unknown field "spec.containers[0].imagex"}), in document
   * order; empty for a kind without a schema.
   */
  public List<String> unknownFields(String group, String version, String kind, JsonNode object) {
    GroupVersionKind gvk = new GroupVersionKind(group, version, kind);
    DocumentBuilder.V3 documents = v3Documents();
    String definition = documents.kinds().get(gvk);
    if (definition == null) {
      return List.of();
    }
    boolean structural = customSchemas.containsKey(gvk) || customSchemas.containsKey(itemOf(gvk));
    return new UnknownFieldFinder(documents.schemas()).find(definition, object, structural);
  }

  private DocumentBuilder.V3 v3Documents() {
    DocumentBuilder.V3 cached = v3;
    if (cached != null) {
      return cached;
    }
    synchronized (buildLock) {
      long seen = generation.get();
      DocumentBuilder.V3 built = v3 != null ? v3 : builder().v3();
      if (generation.get() == seen) {
        v3 = built;
      }
      return built;
    }
  }

  private DocumentBuilder builder() {
    if (types == null) {
      types = typesFactory.get();
      lists = new ListSemantics(types);
    }
    return new DocumentBuilder(types, lists, registry.all(), Map.copyOf(customSchemas));
  }

  private static GroupVersionKind itemOf(GroupVersionKind list) {
    String kind = list.kind().endsWith("List") ? list.kind().substring(0, list.kind().length() - 4) : list.kind();
    return new GroupVersionKind(list.group(), list.version(), kind);
  }

  /** Accepts the path with or without its leading slash or {@code /openapi/v3/} prefix. */
  private static String strip(String groupVersionPath) {
    String path = groupVersionPath.startsWith("/") ? groupVersionPath.substring(1) : groupVersionPath;
    return path.startsWith("openapi/v3/") ? path.substring("openapi/v3/".length()) : path;
  }
}
