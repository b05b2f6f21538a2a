package dev.vkube.apiserver.openapi;

import java.util.List;

/** A path with the parameters all its operations share (name, namespace, pretty) and its operations. */
record PathItem(String path, String tag, List<Parameter> parameters, List<Operation> operations) {}
