package dev.vkube.apiserver.admission;

import dev.vkube.apiserver.ServerContext;

/** Builds the admission chain of a virtual cluster (--enable-admission-plugins, in upstream's order). */
public final class Admission {
  private Admission() {}

  /** Adds the plugins to {@code chain} (which the stores already hold). */
  public static void configure(AdmissionChain chain, ServerContext context) {
  }
}
