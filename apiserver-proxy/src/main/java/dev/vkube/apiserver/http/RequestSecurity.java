package dev.vkube.apiserver.http;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authn.AuthRequest;
import dev.vkube.apiserver.auth.authn.AuthenticationException;
import dev.vkube.apiserver.auth.authn.Authenticator;
import dev.vkube.apiserver.auth.authn.Impersonation;
import dev.vkube.apiserver.auth.authz.Attributes;
import dev.vkube.apiserver.auth.authz.Authorizer;
import dev.vkube.apiserver.auth.authz.Decision;
import dev.vkube.apiserver.auth.authz.Forbidden;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Authentication then authorization of one request, as kube-apiserver's filter chain: an invalid
 * credential is 401; no credential makes the request anonymous, and an anonymous request that is not
 * allowed is 401 too (so clients know to authenticate); an authenticated one that is not allowed, 403.
 */
final class RequestSecurity {
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final Impersonation impersonation;

  RequestSecurity(Authenticator authenticator, Authorizer authorizer, Impersonation impersonation) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.impersonation = impersonation;
  }

  /** Applies Impersonate-* headers, checked against the requester's impersonate rights (filters/impersonation.go). */
  UserInfo impersonate(UserInfo requester, HttpServerRequest request) {
    Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    boolean any = false;
    for (Map.Entry<String, String> header : request.headers()) {
      if (header.getKey().regionMatches(true, 0, "Impersonate-", 0, 12)) {
        headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
        any = true;
      }
    }
    return any ? impersonation.impersonate(requester, headers, authorizer) : requester;
  }

  UserInfo authenticate(HttpServerRequest request) {
    try {
      return authenticator.authenticate(new AuthRequest(clientChain(request), bearerToken(request)))
          .orElse(UserInfo.anonymous());
    } catch (AuthenticationException e) {
      throw ApiException.unauthorized();
    }
  }

  void authorize(UserInfo user, RequestInfo info, String method) {
    Attributes attributes = info.isResourceRequest()
        ? Attributes.resource(user, info.verb(), info.group(), info.version(), info.resource(), info.subresource(),
            "namespaces".equals(info.resource()) && info.group().isEmpty() ? namespaceOfNamespace(info)
                : info.namespace(), info.name())
        : Attributes.nonResource(user, method.toLowerCase(Locale.ROOT), info.path());
    Decision decision = authorizer.authorize(attributes);
    if (decision.allowed()) {
      return;
    }
    if (user.name().equals(UserInfo.ANONYMOUS)) {
      throw ApiException.unauthorized();
    }
    throw Forbidden.of(attributes, decision.reason());
  }

  /** A namespace object is cluster-scoped, but rules for it are checked in its own namespace too. */
  private static String namespaceOfNamespace(RequestInfo info) {
    return info.name() == null ? null : info.name();
  }

  private static List<X509Certificate> clientChain(HttpServerRequest request) {
    if (!request.isSSL()) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : request.connection().peerCertificates()) {
        if (c instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private static String bearerToken(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
