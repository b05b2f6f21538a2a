package dev.vkube.apiserver.registry;

import dev.vkube.apiserver.admission.Warnings;
import dev.vkube.apiserver.auth.UserInfo;
import java.util.List;

/** Who writes and how: the user (for admission), the field manager (managedFields), dry run. */
public record WriteContext(UserInfo user, String fieldManager, boolean dryRun, Warnings warnings) {
  /** A write whose warnings nobody reads (the server's own writes). */
  public WriteContext(UserInfo user, String fieldManager, boolean dryRun) {
    this(user, fieldManager, dryRun, Warnings.DISCARD);
  }

  /** The server's own writes (initial objects, built-in controllers). */
  public static final WriteContext SERVER = new WriteContext(UserInfo.of("system:apiserver",
      List.of(UserInfo.MASTERS, UserInfo.AUTHENTICATED)), "kube-apiserver", false);

  public static WriteContext controller(String name) {
    return new WriteContext(UserInfo.of("system:serviceaccount:kube-system:" + name, List.of(
        "system:serviceaccounts", "system:serviceaccounts:kube-system", UserInfo.AUTHENTICATED)),
        "kube-controller-manager", false);
  }

  public WriteContext withDryRun(boolean dry) {
    return new WriteContext(user, fieldManager, dry, warnings);
  }
}
