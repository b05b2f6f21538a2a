package dev.vkube.apiserver.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates {@code GoJsonTagTable.java} from Go sources; run it after upgrading
 * client-java-proto, with checkouts of k8s.io/api, apimachinery and apiextensions-apiserver at the
 * matching release (newest first; a message is taken from the first source that has it):
 *
 * <pre>
 * mvn test -Dtest=GoJsonTagTableGenerator \
 *   -DgoJsonTags.sources=/src/v0.36.0,/src/v0.35.0 \
 *   -DgoJsonTags.label="k8s.io/api, apimachinery, apiextensions-apiserver v0.36.0" \
 *   -DgoJsonTags.out=src/main/java/dev/vkube/apiserver/codec/GoJsonTagTable.java
 * </pre>
 *
 * <p>Go fields are matched to proto fields by number inside the message of the same name in the
 * package declared by the directory's generated.proto. Only facts that change the JSON are kept.
 */
class GoJsonTagTableGenerator {
  private static final Pattern STRUCT = Pattern.compile("^type (\\w+) struct \\{");
  private static final Pattern FIELD = Pattern.compile("^\\s*(?:(\\w+)\\s+)?(\\S+)\\s+`([^`]*)`");
  private static final Pattern PROTOBUF = Pattern.compile("protobuf:\"\\w+,(\\d+),");
  private static final Pattern JSON = Pattern.compile("json:\"([^\"]*)\"");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final int LINE_WIDTH = 100;

  /** A Go struct field with a protobuf tag. */
  record GoField(String goType, String json) {}

  @Test
  @EnabledIfSystemProperty(named = "goJsonTags.sources", matches = ".+")
  void generate() throws IOException {
    Map<String, Map<Integer, GoField>> goStructs = new HashMap<>();
    for (String root : System.getProperty("goJsonTags.sources").split(",")) {
      readSources(Path.of(root), goStructs);
    }
    Map<String, Map<String, List<String>>> table = new TreeMap<>();
    List<String> unknown = new ArrayList<>();
    for (FileDescriptor file : GeneratedProtoFiles.load()) {
      for (Descriptor message : file.getMessageTypes()) {
        Map<Integer, GoField> fields = goStructs.get(message.getFullName());
        if (fields == null) {
          unknown.add(message.getFullName());
          continue;
        }
        List<String> tokens = tokens(message, fields);
        if (!tokens.isEmpty()) {
          table
              .computeIfAbsent(file.getPackage(), p -> new TreeMap<>())
              .put(message.getName(), tokens);
        }
      }
    }
    System.out.println("messages without a Go struct (custom shapes or wrappers): " + unknown);
    String source = javaSource(table, System.getProperty("goJsonTags.label", "unnamed sources"));
    String out = System.getProperty("goJsonTags.out");
    if (out == null) {
      System.out.println(source);
    } else {
      Files.writeString(Path.of(out), source);
    }
  }

  private static List<String> tokens(Descriptor message, Map<Integer, GoField> goFields) {
    List<String> tokens = new ArrayList<>();
    for (FieldDescriptor field : message.getFields()) {
      GoField go = goFields.get(field.getNumber());
      if (go == null || go.json() == null || go.json().equals("-")) {
        continue; // custom MarshalJSON types (IntOrString, RawExtension ...) are CustomShapes'
      }
      String[] parts = go.json().split(",");
      List<String> options = List.of(parts).subList(1, parts.length);
      String jsonName = parts.length == 0 ? "" : parts[0];
      boolean pointer = go.goType().startsWith("*");
      boolean scalar = !field.isRepeated() && field.getJavaType() != JavaType.MESSAGE;
      boolean omitZero =
          !pointer && (options.contains("omitzero") || (options.contains("omitempty") && scalar));
      if (jsonName.isEmpty() && options.contains("inline")) {
        tokens.add(field.getName() + "^");
      } else if (!jsonName.equals(field.getName()) || omitZero) {
        String rename = jsonName.equals(field.getName()) ? "" : "=" + jsonName;
        tokens.add(field.getName() + rename + (omitZero ? "?" : ""));
      }
    }
    return tokens;
  }

  private static void readSources(Path root, Map<String, Map<Integer, GoField>> goStructs)
      throws IOException {
    try (Stream<Path> protos = Files.walk(root)) {
      for (Path proto : protos.filter(p -> p.endsWith("generated.proto")).toList()) {
        Matcher pkg = PACKAGE.matcher(Files.readString(proto));
        if (pkg.find()) {
          readPackage(proto.getParent(), pkg.group(1), goStructs);
        }
      }
    }
  }

  private static void readPackage(
      Path dir, String protoPackage, Map<String, Map<Integer, GoField>> goStructs)
      throws IOException {
    Map<String, Map<Integer, GoField>> found = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path go : files.filter(GoJsonTagTableGenerator::isTypesFile).toList()) {
        readStructs(Files.readAllLines(go), protoPackage, found);
      }
    }
    found.forEach(goStructs::putIfAbsent);
  }

  private static boolean isTypesFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".go")
        && !name.endsWith("_test.go")
        && !name.startsWith("zz_generated")
        && !name.startsWith("generated.");
  }

  private static void readStructs(
      List<String> lines, String protoPackage, Map<String, Map<Integer, GoField>> found) {
    String struct = null;
    for (String line : lines) {
      Matcher start = STRUCT.matcher(line);
      if (start.find()) {
        struct = protoPackage + "." + start.group(1);
      } else if (line.startsWith("}")) {
        struct = null;
      } else if (struct != null) {
        Matcher field = FIELD.matcher(line);
        Matcher number = PROTOBUF.matcher(line);
        if (field.find() && number.find()) {
          Matcher json = JSON.matcher(field.group(3));
          GoField goField = new GoField(field.group(2), json.find() ? json.group(1) : null);
          found
              .computeIfAbsent(struct, s -> new HashMap<>())
              .put(Integer.parseInt(number.group(1)), goField);
        }
      }
    }
  }

  private static String javaSource(Map<String, Map<String, List<String>>> table, String label) {
    StringBuilder text = new StringBuilder();
    table.forEach(
        (pkg, messages) -> {
          text.append("      [").append(pkg).append("]\n");
          messages.forEach((message, tokens) -> appendWrapped(text, message, tokens));
        });
    return """
    package dev.vkube.apiserver.codec;

    /**
     * Go JSON tags of the Kubernetes API types, read by {@link GoJsonTags}.
     *
     * <p>Generated by GoJsonTagTableGenerator (src/test) from the Go sources of
     * %s.
     * Do not edit; regenerate after upgrading client-java-proto.
     */
    final class GoJsonTagTable {
      static final String TABLE =
          \"""
    %s      \""";

      private GoJsonTagTable() {}
    }
    """
        .formatted(label, text);
  }

  /** One message per line, continued on a new line with the same message name when long. */
  private static void appendWrapped(StringBuilder text, String message, List<String> tokens) {
    StringBuilder line = new StringBuilder("      ").append(message);
    for (String token : tokens) {
      if (line.length() + token.length() + 1 > LINE_WIDTH) {
        text.append(line).append('\n');
        line = new StringBuilder("      ").append(message);
      }
      line.append(' ').append(token);
    }
    text.append(line).append('\n');
  }
}
