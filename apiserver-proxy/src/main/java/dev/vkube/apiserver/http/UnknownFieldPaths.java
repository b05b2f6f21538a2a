package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Removes the field a field-validation message names (`unknown field "spec.containers[0].x"`). */
final class UnknownFieldPaths {
  private UnknownFieldPaths() {}

  static void remove(JsonNode object, String message) {
    int open = message.indexOf('"');
    int close = message.lastIndexOf('"');
    if (open < 0 || close <= open) {
      return;
    }
    List<String> steps = steps(message.substring(open + 1, close));
    JsonNode node = object;
    for (int i = 0; i < steps.size() - 1 && node != null; i++) {
      String step = steps.get(i);
      node = step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
    }
    if (node instanceof ObjectNode parent && !steps.isEmpty()) {
      parent.remove(steps.get(steps.size() - 1));
    }
  }

  private static List<String> steps(String path) {
    List<String> steps = new ArrayList<>();
    for (String part : path.split("\\.")) {
      int bracket = part.indexOf('[');
      steps.add(bracket < 0 ? part : part.substring(0, bracket));
      while (bracket >= 0) {
        int end = part.indexOf(']', bracket);
        steps.add(part.substring(bracket, end + 1));
        bracket = part.indexOf('[', end);
      }
    }
    steps.removeIf(String::isEmpty);
    return steps;
  }
}
