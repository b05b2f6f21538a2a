package dev.vkube.apiserver.codec;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Go {@code json:"..."} tags of k8s.io/api say about a field and generated.proto does not.
 *
 * <p>go-to-protobuf drops three facts the JSON form depends on: embedded structs that Go flattens
 * ({@code json:",inline"}, e.g. {@code Volume.volumeSource}), JSON names that differ from the proto
 * name ({@code aPIGroup} is {@code apiGroup}, {@code ref} is {@code $ref}), and which fields Go
 * leaves out when zero. The last matters most: Go's marshaller writes every non-pointer field, so a
 * {@code kubectl create namespace} body carries {@code namespace: ""}, {@code generation: 0} and so
 * on, while its JSON body omits them ({@code omitempty}) but keeps a pointer set to zero such as
 * {@code replicas: 0}. The facts are read from {@link GoJsonTagTable}, generated from the Go
 * sources by {@code GoJsonTagTableGenerator}; a field it does not list keeps its proto name and is
 * written whenever it is present, which is never wrong in Go's terms, only less tidy.
 */
final class GoJsonTags {
  /** One field's tag: its JSON name, whether Go flattens it, whether Go omits it when zero. */
  record FieldTag(String jsonName, boolean inline, boolean omitZero) {}

  private static final Pattern PACKAGE = Pattern.compile("\\[([\\w.]+)]");
  private static final Pattern TOKEN = Pattern.compile("(\\w+)(?:=([\\w$-]+))?([?^]?)");

  private final Map<String, FieldTag> byFullFieldName;

  private GoJsonTags(Map<String, FieldTag> byFullFieldName) {
    this.byFullFieldName = byFullFieldName;
  }

  static GoJsonTags load() {
    return parse(GoJsonTagTable.TABLE);
  }

  /**
   * Parses the table: {@code [proto.package]} lines, then one line per message, {@code Message
   * token...}, where a token is {@code protoName[=jsonName][?|^]}; {@code ?} means omitted when
   * zero, {@code ^} means inlined.
   */
  static GoJsonTags parse(String table) {
    Map<String, FieldTag> tags = new HashMap<>();
    String protoPackage = "";
    for (String line : table.split("\n")) {
      String trimmed = line.strip();
      Matcher header = PACKAGE.matcher(trimmed);
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      } else if (header.matches()) {
        protoPackage = header.group(1);
      } else {
        addMessage(tags, protoPackage, trimmed.split("\\s+"));
      }
    }
    return new GoJsonTags(Map.copyOf(tags));
  }

  private static void addMessage(Map<String, FieldTag> tags, String protoPackage, String[] words) {
    String message = protoPackage + "." + words[0];
    for (int i = 1; i < words.length; i++) {
      Matcher token = TOKEN.matcher(words[i]);
      if (!token.matches()) {
        throw new IllegalStateException("bad Go JSON tag token " + words[i] + " for " + message);
      }
      String name = token.group(1);
      String jsonName = token.group(2) == null ? name : token.group(2);
      String marker = token.group(3);
      tags.put(
          message + "." + name, new FieldTag(jsonName, marker.equals("^"), marker.equals("?")));
    }
  }

  /** The tag of a field; a field the table does not know keeps its name and is never omitted. */
  FieldTag of(FieldDescriptor field) {
    FieldTag tag = byFullFieldName.get(field.getFullName());
    return tag != null ? tag : new FieldTag(field.getName(), false, false);
  }

  /** Full field names the table mentions, for checking it against the descriptors. */
  Iterable<String> fullFieldNames() {
    return byFullFieldName.keySet();
  }
}
