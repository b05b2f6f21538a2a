package dev.vkube.apiserver.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/**
 * Go's zero values, for the fields whose {@code omitempty} or {@code omitzero} tag makes Go's JSON
 * leave them out: "", 0, false, no bytes, and a struct whose fields are all zero (a zero {@code
 * metav1.Time} is an empty message on the wire).
 */
final class GoZeroValues {
  private GoZeroValues() {}

  static boolean isZero(Object value) {
    if (value instanceof String text) {
      return text.isEmpty();
    } else if (value instanceof Boolean flag) {
      return !flag;
    } else if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue() == 0L;
    } else if (value instanceof Number number) {
      return number.doubleValue() == 0.0;
    } else if (value instanceof ByteString bytes) {
      return bytes.isEmpty();
    }
    return value instanceof Message message && isZeroMessage(message);
  }

  private static boolean isZeroMessage(Message message) {
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      boolean emptyList = field.getValue() instanceof List<?> list && list.isEmpty();
      if (!emptyList && !isZero(field.getValue())) {
        return false;
      }
    }
    return true;
  }
}
