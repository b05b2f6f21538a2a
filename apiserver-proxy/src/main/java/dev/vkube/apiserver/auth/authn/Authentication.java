package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.auth.tokens.JwtSigner;
import dev.vkube.apiserver.auth.tokens.ServiceAccountObjects;
import dev.vkube.apiserver.auth.tokens.TokenRequests;
import dev.vkube.apiserver.auth.tokens.TokenSecretController;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.VirtualResource;
import dev.vkube.apiserver.registry.VirtualResources;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The authentication of one virtual cluster, as kube-apiserver's authenticator config builds it
 * (pkg/kubeapiserver/authenticator/config.go): client certificates, then bearer tokens from the token
 * file, legacy and bound service-account tokens and bootstrap tokens. Also what goes with it: the
 * TokenRequest, TokenReview and SelfSubjectReview endpoints, impersonation and the controller that
 * fills legacy token Secrets (closed with the cluster).
 */
public final class Authentication implements AutoCloseable {
  private static final String GROUP = "authentication.k8s.io";
  private final Authenticator authenticator;
  private final Map<String, VirtualResource> virtualResources;
  private final Impersonation impersonation = new Impersonation();
  private final TokenSecretController tokenSecrets;

  private Authentication(Authenticator authenticator, Map<String, VirtualResource> virtualResources,
      TokenSecretController tokenSecrets) {
    this.authenticator = authenticator;
    this.virtualResources = Map.copyOf(virtualResources);
    this.tokenSecrets = tokenSecrets;
  }

  public static Authentication create(ServerContext context) {
    AuthenticationOptions options = context.options().authentication();
    KeyPair keys = context.pki().serviceAccountKeys().keyPair();
    BearerTokenAuthenticator bearer = bearer(context);
    JwtSigner signer = new JwtSigner(keys);
    TokenRequests tokenRequests = new TokenRequests(signer, new TokenRequests.Policy(options.serviceAccountIssuer(),
        options.apiAudiences(), options.serviceAccountMaxTokenExpirationSeconds(),
        AuthenticationOptions.EXTEND_TOKEN_EXPIRATION), ServiceAccountObjects.of(context.informers()), context.clock(),
        () -> UUID.randomUUID().toString());
    Map<String, VirtualResource> virtual = Map.of(
        VirtualResource.key("", "serviceaccounts", "token"), tokenRequests,
        VirtualResource.key(GROUP, "tokenreviews", null), new TokenReviews(bearer),
        VirtualResource.key(GROUP, "selfsubjectreviews", null), new SelfSubjectReviews(context.clock()));
    TokenSecretController controller = new TokenSecretController(context.informers().of("", "v1", "secrets"),
        context.informers().of("", "v1", "serviceaccounts"), signer,
        context.pki().ca().asIssued().certificatePem()).start();
    return new Authentication(new AuthenticatorChain(List.of(new X509Authenticator(
        context.pki().ca().certificate(), context.clock()), bearer)), virtual, controller);
  }

  /** Token file, legacy and bound service-account tokens, bootstrap tokens: upstream's order. */
  private static BearerTokenAuthenticator bearer(ServerContext context) {
    AuthenticationOptions options = context.options().authentication();
    List<String> audiences = options.apiAudiences();
    List<PublicKey> publicKeys = List.of(context.pki().serviceAccountKeys().keyPair().getPublic());
    ServiceAccountObjects objects = ServiceAccountObjects.of(context.informers());
    ObjectCache secrets = context.informers().of("", "v1", "secrets");
    List<TokenAuthenticator> tokens = new ArrayList<>();
    if (options.tokenAuthFile() != null) {
      tokens.add(TokenAuthenticator.audienceAgnostic(audiences, TokenFileAuthenticator.read(options.tokenAuthFile())));
    }
    tokens.add(ServiceAccountTokenAuthenticator.legacy(publicKeys, audiences, objects));
    tokens.add(ServiceAccountTokenAuthenticator.bound(List.of(options.serviceAccountIssuer()), publicKeys, audiences,
        objects, context.clock()));
    tokens.add(TokenAuthenticator.audienceAgnostic(audiences,
        new BootstrapTokenAuthenticator(secrets::get, context.clock())));
    return new BearerTokenAuthenticator(tokens, audiences);
  }

  /** What RequestSecurity authenticates each request with. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /**
   * The computed resources of this package by {@link VirtualResource#key}: `serviceaccounts/token`,
   * authentication.k8s.io `tokenreviews` and `selfsubjectreviews` (answered in the body's version).
   */
  public Map<String, VirtualResource> virtualResources() {
    return virtualResources;
  }

  /** Registers {@link #virtualResources} with the server's. */
  public void register(VirtualResources resources) {
    virtualResources.forEach((key, handler) -> {
      String[] parts = key.split("/", 3);
      resources.register(parts[0], parts[1], parts.length > 2 ? parts[2] : null, handler);
    });
  }

  public Impersonation impersonation() {
    return impersonation;
  }

  @Override
  public void close() {
    tokenSecrets.close();
  }
}
