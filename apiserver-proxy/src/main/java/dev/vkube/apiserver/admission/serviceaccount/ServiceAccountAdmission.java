package dev.vkube.apiserver.admission.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.Refusals;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * ServiceAccount admission (plugin/pkg/admission/serviceaccount/admission.go): a pod without a
 * service account gets "default"; the named account must exist; unless automounting is off on the pod
 * or the account, every container mounts the projected token volume {@code kube-api-access-xxxxx};
 * the account's imagePullSecrets are copied when the pod has none. Mirror pods may not use accounts.
 */
public final class ServiceAccountAdmission implements AdmissionPlugin {
  public static final String DEFAULT_ACCOUNT = "default";
  public static final String VOLUME_PREFIX = "kube-api-access-";
  public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  /** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: one hour plus seven seconds. */
  public static final int TOKEN_EXPIRATION_SECONDS = 3607;
  public static final String ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
  private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  private final BiFunction<String, String, JsonNode> serviceAccounts;
  private final Predicate<String> namespaceKnown;
  private final RandomGenerator random;

  /**
   * {@code serviceAccounts} reads (namespace, name) from a cache; {@code namespaceKnown} says whether
   * the namespace is in the namespace cache (when not, the store answers 404 after admission).
   */
  public ServiceAccountAdmission(BiFunction<String, String, JsonNode> serviceAccounts,
      Predicate<String> namespaceKnown, RandomGenerator random) {
    this.serviceAccounts = serviceAccounts;
    this.namespaceKnown = namespaceKnown;
    this.random = random;
  }

  @Override
  public String name() {
    return "ServiceAccount";
  }

  @Override
  public boolean handles(AdmissionRequest request) {
    return request.operation() == Operation.CREATE && request.is("", "pods");
  }

  @Override
  public void admit(AdmissionRequest request) {
    ObjectNode pod = request.object();
    ObjectNode spec = pod.with("spec");
    if (pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
      return;
    }
    String accountName = spec.path("serviceAccountName").asText("");
    if (accountName.isEmpty()) {
      // v1 conversion: the deprecated serviceAccount field stands in for an empty serviceAccountName
      accountName = spec.path("serviceAccount").asText("");
    }
    if (accountName.isEmpty()) {
      accountName = DEFAULT_ACCOUNT;
    }
    spec.put("serviceAccountName", accountName);
    spec.put("serviceAccount", accountName);
    JsonNode account = lookup(request, accountName);
    if (shouldAutomount(account, spec)) {
      mountToken(spec);
    }
    if (spec.path("imagePullSecrets").size() == 0 && account.path("imagePullSecrets").size() > 0) {
      ArrayNode secrets = spec.putArray("imagePullSecrets");
      account.path("imagePullSecrets").forEach(s -> secrets.addObject().put("name", s.path("name").asText()));
    }
  }

  @Override
  public void validate(AdmissionRequest request) {
    ObjectNode pod = request.object();
    if (pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)
        && !pod.path("spec").path("serviceAccountName").asText("").isEmpty()) {
      throw Refusals.forbidden(request, "a mirror pod may not reference service accounts");
    }
  }

  /**
   * The account, or a 403 when it is missing. Upstream retries a live read of "default" for a few
   * seconds while the service-account controller creates it; a plugin here must not block, so a
   * missing "default" is taken as an account with no settings (the pod gets the same volume).
   */
  private JsonNode lookup(AdmissionRequest request, String accountName) {
    String namespace = request.namespace();
    JsonNode account = serviceAccounts.apply(namespace, accountName);
    if (account != null) {
      return account;
    }
    if (DEFAULT_ACCOUNT.equals(accountName) || !namespaceKnown.test(namespace)) {
      return JsonNodeFactory.instance.objectNode();
    }
    throw Refusals.forbidden(request, "error looking up service account " + namespace + "/" + accountName
        + ": serviceaccount \"" + accountName + "\" not found");
  }

  /** The pod's automountServiceAccountToken wins, then the account's; true when neither says. */
  static boolean shouldAutomount(JsonNode account, JsonNode spec) {
    if (spec.path("automountServiceAccountToken").isBoolean()) {
      return spec.path("automountServiceAccountToken").asBoolean();
    }
    if (account.path("automountServiceAccountToken").isBoolean()) {
      return account.path("automountServiceAccountToken").asBoolean();
    }
    return true;
  }

  private void mountToken(ObjectNode spec) {
    String volumeName = null;
    for (JsonNode volume : spec.path("volumes")) {
      if (volume.path("name").asText("").startsWith(VOLUME_PREFIX)) {
        volumeName = volume.path("name").asText();
        break;
      }
    }
    boolean hasVolume = volumeName != null;
    if (volumeName == null) {
      volumeName = generateName();
    }
    boolean needsVolume = false;
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        if (c instanceof ObjectNode container && !mountsAt(container, MOUNT_PATH)) {
          container.withArray("volumeMounts").addObject().put("name", volumeName).put("readOnly", true)
              .put("mountPath", MOUNT_PATH);
          needsVolume = true;
        }
      }
    }
    if (!hasVolume && needsVolume) {
      spec.withArray("volumes").add(tokenVolume(volumeName));
    }
  }

  private static boolean mountsAt(JsonNode container, String path) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (path.equals(mount.path("mountPath").asText())) {
        return true;
      }
    }
    return false;
  }

  private String generateName() {
    StringBuilder name = new StringBuilder(VOLUME_PREFIX);
    for (int i = 0; i < 5; i++) {
      name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return name.toString();
  }

  /** serviceaccount.TokenVolumeSource: token, the cluster CA and the namespace, mode 0644. */
  static ObjectNode tokenVolume(String name) {
    ObjectNode volume = JsonNodeFactory.instance.objectNode().put("name", name);
    ObjectNode projected = volume.putObject("projected");
    ArrayNode sources = projected.putArray("sources");
    sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_EXPIRATION_SECONDS)
        .put("path", "token");
    ObjectNode configMap = sources.addObject().putObject("configMap").put("name", ROOT_CA_CONFIGMAP);
    configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
    sources.addObject().putObject("downwardAPI").putArray("items").addObject().put("path", "namespace")
        .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
    projected.put("defaultMode", 420);
    return volume;
  }
}
