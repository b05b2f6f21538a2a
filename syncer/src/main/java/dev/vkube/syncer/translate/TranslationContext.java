package dev.vkube.syncer.translate;

import dev.vkube.syncer.names.NameTranslator;

/**
 * What every translation needs besides the virtual object.
 *
 * @param hostServiceAccount the host account host pods run as (vCluster: {@code vc-workload-NAME})
 * @param pinnedNodeName a node every host pod is created on when the tenant named none, or null to
 *     let the host scheduler choose (the default). Set for hosts without a scheduler, like the test host.
 */
public record TranslationContext(NameTranslator names, String hostNamespace, String hostServiceAccount,
    String pinnedNodeName) {
}
