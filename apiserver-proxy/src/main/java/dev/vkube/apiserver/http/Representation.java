package dev.vkube.apiserver.http;

import java.util.Locale;

/**
 * What the client asked the response to be (Accept negotiation): the object itself, a Table, or
 * metadata only. Protobuf is not served: a client that offers protobuf and JSON gets JSON.
 */
enum Representation {
  OBJECT, TABLE, PARTIAL_METADATA;

  static Representation of(String accept) {
    if (accept == null) {
      return OBJECT;
    }
    for (String offer : accept.split(",")) {
      String o = offer.toLowerCase(Locale.ROOT).replace(" ", "");
      if (!o.startsWith("application/json")) {
        continue;
      }
      if (o.contains("as=table")) {
        return TABLE;
      }
      if (o.contains("as=partialobjectmetadata")) {
        return PARTIAL_METADATA;
      }
      return OBJECT;
    }
    return OBJECT;
  }
}
