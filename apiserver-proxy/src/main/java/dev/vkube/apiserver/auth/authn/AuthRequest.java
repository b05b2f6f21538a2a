package dev.vkube.apiserver.auth.authn;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What authentication looks at: the verified client certificate chain (empty without one) and the
 * bearer token of the Authorization header (null without one).
 */
public record AuthRequest(List<X509Certificate> clientCertificates, String bearerToken) {}
