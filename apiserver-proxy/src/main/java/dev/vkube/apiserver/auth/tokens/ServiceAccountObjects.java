package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;

/**
 * The objects a service-account token can be bound to, read from this server's caches
 * (ServiceAccountTokenGetter); null when absent. Unlike upstream there is no live read on a cache
 * miss: authentication and TokenRequest run on the event loop, so a just-created object may be missed
 * for a moment.
 */
public interface ServiceAccountObjects {
  ObjectNode serviceAccount(String namespace, String name);

  ObjectNode pod(String namespace, String name);

  ObjectNode secret(String namespace, String name);

  ObjectNode node(String name);

  /** Starts (or shares) the informers, so that they are synced before the first token arrives. */
  static ServiceAccountObjects of(Informers informers) {
    ObjectCache serviceAccounts = informers.of("", "v1", "serviceaccounts");
    ObjectCache pods = informers.of("", "v1", "pods");
    ObjectCache secrets = informers.of("", "v1", "secrets");
    ObjectCache nodes = informers.of("", "v1", "nodes");
    return new ServiceAccountObjects() {
      @Override
      public ObjectNode serviceAccount(String namespace, String name) {
        return serviceAccounts.get(namespace, name);
      }

      @Override
      public ObjectNode pod(String namespace, String name) {
        return pods.get(namespace, name);
      }

      @Override
      public ObjectNode secret(String namespace, String name) {
        return secrets.get(namespace, name);
      }

      @Override
      public ObjectNode node(String name) {
        return nodes.get(null, name);
      }
    };
  }
}
