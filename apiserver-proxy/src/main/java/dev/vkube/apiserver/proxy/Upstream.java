package dev.vkube.apiserver.proxy;

/** Where one pod stream is served: an HTTPS endpoint and the request path (with query) there. */
public record Upstream(String host, int port, String pathAndQuery, UpstreamTls tls) {}
