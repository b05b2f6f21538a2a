package dev.vkube.apiserver.auth.authz;

/** Decides whether a user may do something (authorizer.Authorizer). Runs on the event loop: no blocking. */
@FunctionalInterface
public interface Authorizer {
  Decision authorize(Attributes attributes);
}
