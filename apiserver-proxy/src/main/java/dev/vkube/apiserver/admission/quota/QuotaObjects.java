package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Read-only, non-blocking views of the objects quota counts (informer caches in the server). */
public interface QuotaObjects {
  /** The objects of one resource in a namespace (empty when the resource is not served). */
  List<ObjectNode> list(String group, String resource, String namespace);

  /** The ResourceQuotas of a namespace, or of every namespace when null. */
  List<ObjectNode> quotas(String namespace);
}
