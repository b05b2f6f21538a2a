package dev.vkube.apiserver.openapi;

import java.util.List;

/**
 * One HTTP operation of a path, independent of the document format.
 *
 * @param method lower-case HTTP method, the key of the path item
 * @param action {@code x-kubernetes-action}: get, list, post, put, patch, delete, deletecollection
 * @param body definition of the request body, or null
 * @param response definition of the success responses, or null for plain text (pod logs)
 * @param codes success status codes, each answered with {@code response}
 * @param consumes media types of the body (or {@code *}{@code /*} without one)
 * @param produces media types of the responses
 */
record Operation(
    String method,
    String action,
    String id,
    String description,
    GroupVersionKind gvk,
    List<Parameter> parameters,
    String body,
    String response,
    List<String> codes,
    List<String> consumes,
    List<String> produces) {}
