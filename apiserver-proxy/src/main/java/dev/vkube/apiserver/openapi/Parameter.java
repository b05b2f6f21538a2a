package dev.vkube.apiserver.openapi;

/**
 * The request parameters the operations declare, as kube-apiserver's OpenAPI names them
 * (apiserver pkg/endpoints/installer.go adds them from the Go option structs). Clients look some of
 * them up: client-go's QueryParamVerifier checks for {@code fieldValidation} on an operation before
 * it sends the parameter, which is how kubectl and Helm decide to validate on the server.
 */
enum Parameter {
  NAME("name", "path", "string", "name of the object"),
  NAMESPACE("namespace", "path", "string", "object name and auth scope, such as for teams and projects"),
  PRETTY("pretty", "query", "string", "If 'true', then the output is pretty printed."),
  DRY_RUN("dryRun", "query", "string",
      "When present, indicates that modifications should not be persisted. Valid value: All"),
  FIELD_MANAGER("fieldManager", "query", "string", "a name associated with the actor or entity making these changes"),
  FIELD_VALIDATION("fieldValidation", "query", "string",
      "how the server handles unknown or duplicate fields: Ignore, Warn (the default) or Strict"),
  FORCE("force", "query", "boolean", "Force is going to \"force\" Apply requests; must be unset otherwise"),
  GRACE_PERIOD_SECONDS("gracePeriodSeconds", "query", "integer",
      "The duration in seconds before the object should be deleted"),
  ORPHAN_DEPENDENTS("orphanDependents", "query", "boolean",
      "Deprecated: please use the PropagationPolicy"),
  PROPAGATION_POLICY("propagationPolicy", "query", "string",
      "Whether and how garbage collection will be performed: Orphan, Background or Foreground"),
  ALLOW_WATCH_BOOKMARKS("allowWatchBookmarks", "query", "boolean", "requests watch events with type BOOKMARK"),
  CONTINUE("continue", "query", "string", "the continue token of the previous page of a list"),
  FIELD_SELECTOR("fieldSelector", "query", "string", "restricts the list of returned objects by their fields"),
  LABEL_SELECTOR("labelSelector", "query", "string", "restricts the list of returned objects by their labels"),
  LIMIT("limit", "query", "integer", "the maximum number of responses to return for a list call"),
  RESOURCE_VERSION("resourceVersion", "query", "string", "what resource versions a request may be served from"),
  RESOURCE_VERSION_MATCH("resourceVersionMatch", "query", "string", "how resourceVersion is applied to list calls"),
  SEND_INITIAL_EVENTS("sendInitialEvents", "query", "boolean", "whether a watch starts with the current state"),
  TIMEOUT_SECONDS("timeoutSeconds", "query", "integer", "Timeout for the list/watch call"),
  WATCH("watch", "query", "boolean", "Watch for changes to the described resources"),
  CONTAINER("container", "query", "string", "The container for which to stream logs"),
  FOLLOW("follow", "query", "boolean", "Follow the log stream of the pod"),
  LIMIT_BYTES("limitBytes", "query", "integer", "the number of bytes to read from the server before terminating"),
  PREVIOUS("previous", "query", "boolean", "Return previous terminated container logs"),
  SINCE_SECONDS("sinceSeconds", "query", "integer", "A relative time in seconds before the current time"),
  TAIL_LINES("tailLines", "query", "integer", "the number of lines from the end of the logs to show"),
  TIMESTAMPS("timestamps", "query", "boolean", "add an RFC3339 timestamp at the beginning of every line");

  private final String wireName;
  private final String in;
  private final String type;
  private final String description;

  Parameter(String wireName, String in, String type, String description) {
    this.wireName = wireName;
    this.in = in;
    this.type = type;
    this.description = description;
  }

  String wireName() {
    return wireName;
  }

  String in() {
    return in;
  }

  String type() {
    return type;
  }

  String description() {
    return description;
  }
}
