package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.resources.ResourceList;
import java.time.Instant;
import java.util.Set;

/**
 * What quota knows about one resource (pkg/quota/v1 Evaluator): which quota names it is charged
 * under, how much one object uses, which quota scopes it falls in, and which writes are charged.
 */
interface QuotaEvaluator {
  String group();

  String resource();

  /** Creates are charged; updates only where usage can grow (services, claims). */
  boolean charges(Operation operation);

  /** MatchingResources: whether a quota key is tracked by this evaluator. */
  boolean tracks(String quotaResourceName);

  ResourceList usage(JsonNode object, Instant now);

  /** Scoped quotas only ever match pods (generic evaluators match no scope). */
  default boolean inScope(JsonNode quota, JsonNode object) {
    return QuotaScopes.selectors(quota).isEmpty();
  }

  /** A refusal text when the object must declare something the quota tracks, else null. */
  default String constraints(Set<String> tracked, JsonNode object) {
    return null;
  }
}
