package dev.vkube.apiserver.apply;

import java.time.Instant;

/**
 * One {@code metadata.managedFields} entry: who ({@code manager}), how ({@code Apply} or {@code Update}),
 * at which apiVersion and subresource, when, and the fields owned.
 */
public record ManagerEntry(String manager, boolean applied, String apiVersion, Instant time,
    String subresource, FieldSet fields) {
  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";

  public ManagerEntry {
    subresource = subresource == null ? "" : subresource;
    fields = fields == null ? FieldSet.EMPTY : fields;
  }

  /**
   * What makes two entries the same manager (BuildManagerIdentifier): name, operation and subresource,
   * and the apiVersion too for updates, so an applier keeps one entry across versions.
   */
  public record Id(String manager, boolean applied, String apiVersion, String subresource) {
    /** The identifier as upstream serializes it (Go field order, empty fields omitted); conflicts sort by it. */
    String json() {
      StringBuilder out = new StringBuilder("{\"manager\":").append(quote(manager))
          .append(",\"operation\":\"").append(applied ? APPLY : UPDATE).append('"');
      if (!apiVersion.isEmpty()) {
        out.append(",\"apiVersion\":").append(quote(apiVersion));
      }
      if (!subresource.isEmpty()) {
        out.append(",\"subresource\":").append(quote(subresource));
      }
      return out.append('}').toString();
    }

    /** How conflict.go's printManager names it: "name" [with subresource "s"] [using apiVersion]. */
    String describe() {
      String text = quote(manager);
      if (!subresource.isEmpty()) {
        text += " with subresource " + quote(subresource);
      }
      return applied ? text : text + " using " + apiVersion;
    }

    private static String quote(String s) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }
  }

  public String operation() {
    return applied ? APPLY : UPDATE;
  }

  public Id id() {
    return new Id(manager, applied, applied ? "" : apiVersion, subresource);
  }

  public ManagerEntry withFields(FieldSet newFields) {
    return new ManagerEntry(manager, applied, apiVersion, time, subresource, newFields);
  }

  public ManagerEntry withTime(Instant newTime) {
    return new ManagerEntry(manager, applied, apiVersion, newTime, subresource, fields);
  }
}
