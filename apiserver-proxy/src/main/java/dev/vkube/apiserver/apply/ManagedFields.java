package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code metadata.managedFields} (managedfields.go DecodeManagedFields and
 * encodeManagedFields). Entries are keyed by manager identity; a later duplicate replaces an earlier one.
 */
public final class ManagedFields {
  public static final String FIELDS_V1 = "FieldsV1";

  private ManagedFields() {}

  /** The entries of {@code object}'s metadata.managedFields; IllegalArgumentException when one is invalid. */
  public static Map<ManagerEntry.Id, ManagerEntry> decode(JsonNode object) {
    JsonNode list = object == null ? null : object.path("metadata").get("managedFields");
    Map<ManagerEntry.Id, ManagerEntry> entries = new LinkedHashMap<>();
    if (list == null || list.isNull()) {
      return entries;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("managedFields must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      ManagerEntry entry = decodeEntry(list.get(i), i);
      entries.put(entry.id(), entry);
    }
    return entries;
  }

  private static ManagerEntry decodeEntry(JsonNode entry, int index) {
    String operation = entry.path("operation").asText("");
    if (!operation.equals(ManagerEntry.APPLY) && !operation.equals(ManagerEntry.UPDATE)) {
      throw new IllegalArgumentException("operation must be `Apply` or `Update`");
    }
    String apiVersion = entry.path("apiVersion").asText("");
    if (apiVersion.isEmpty()) {
      throw new IllegalArgumentException("apiVersion must not be empty");
    }
    String fieldsType = entry.path("fieldsType").asText("");
    if (!fieldsType.equals(FIELDS_V1)) {
      throw new IllegalArgumentException(fieldsType.isEmpty() ? "missing fieldsType in managed fields entry " + index
          : "invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + index);
    }
    return new ManagerEntry(entry.path("manager").asText(""), operation.equals(ManagerEntry.APPLY), apiVersion,
        parseTime(entry.get("time")), entry.path("subresource").asText(""),
        FieldSet.fromFieldsV1(entry.get("fieldsV1")));
  }

  private static Instant parseTime(JsonNode time) {
    if (time == null || time.isNull() || time.asText().isEmpty()) {
      return null;
    }
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(time.asText(), Instant::from);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid time in managed fields: " + time.asText(), e);
    }
  }

  /** The managedFields list, sorted as sortEncodedManagedFields: operation, time, manager, apiVersion, subresource. */
  public static ArrayNode encode(Iterable<ManagerEntry> entries) {
    List<ManagerEntry> sorted = new ArrayList<>();
    entries.forEach(sorted::add);
    sorted.sort(Comparator.comparing(ManagerEntry::operation)
        .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
        .thenComparing(ManagerEntry::manager)
        .thenComparing(ManagerEntry::apiVersion)
        .thenComparing(ManagerEntry::subresource));
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    sorted.forEach(e -> list.add(encodeEntry(e)));
    return list;
  }

  /** One entry with the fields in metav1.ManagedFieldsEntry's order. */
  public static ObjectNode encodeEntry(ManagerEntry entry) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (!entry.manager().isEmpty()) {
      out.put("manager", entry.manager());
    }
    out.put("operation", entry.operation());
    out.put("apiVersion", entry.apiVersion());
    if (entry.time() != null) {
      out.put("time", Meta.timestamp(entry.time()));
    }
    out.put("fieldsType", FIELDS_V1);
    out.set("fieldsV1", entry.fields().toFieldsV1());
    if (!entry.subresource().isEmpty()) {
      out.put("subresource", entry.subresource());
    }
    return out;
  }

  /** Sets (or, for no entries, removes) metadata.managedFields on {@code object}. */
  static void write(ObjectNode object, Iterable<ManagerEntry> entries) {
    ArrayNode list = encode(entries);
    if (!list.isEmpty()) {
      metadataOf(object).set("managedFields", list);
    } else if (object.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
  }

  static ObjectNode metadataOf(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    return metadata instanceof ObjectNode m ? m : object.putObject("metadata");
  }
}
