package dev.vkube.apiserver.controllers.workloads;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against a test cluster's kubeconfig. */
final class Kubectl {
  static final String BINARY = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";

  record Run(int exit, String out) {}

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  Run run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(BINARY, "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, "timed out: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Runs and fails the test unless kubectl exits 0. */
  String ok(String... args) throws Exception {
    Run r = run(args);
    if (r.exit() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + r.exit() + ": " + r.out());
    }
    return r.out();
  }
}
