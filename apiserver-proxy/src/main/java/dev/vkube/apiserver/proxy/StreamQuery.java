package dev.vkube.apiserver.proxy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A request's query parameters, repeated names kept in order (exec's `command` is an argv). */
public record StreamQuery(Map<String, List<String>> params) {

  public StreamQuery {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    params = java.util.Collections.unmodifiableMap(copy);
  }

  public static StreamQuery of(Iterable<Map.Entry<String, String>> entries) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    entries.forEach(e -> params.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return new StreamQuery(params);
  }

  public Optional<String> first(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public List<String> all(String name) {
    return params.getOrDefault(name, List.of());
  }

  /** strconv.ParseBool, which query parameter conversion uses for the options' booleans. */
  public boolean flag(String name) {
    String value = first(name).orElse("false");
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False", "" -> false;
      default -> throw dev.vkube.apiserver.api.ApiException.badRequest(
          "strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
    };
  }

  /** An optional integer parameter; a malformed number is 400 as the query decoder answers. */
  public Optional<Long> number(String name) {
    return first(name).map(value -> {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw dev.vkube.apiserver.api.ApiException.badRequest(
            "strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
      }
    });
  }

  /** Encoded with keys sorted, as Go's url.Values.Encode does (values keep their order). */
  public String encode() {
    return new TreeMap<>(params).entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> escape(e.getKey()) + "=" + escape(v)))
        .collect(Collectors.joining("&"));
  }

  private static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
