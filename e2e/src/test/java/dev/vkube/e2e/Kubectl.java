package dev.vkube.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one real kubectl binary against a kubeconfig and captures what a user would see. */
public record Kubectl(Path binary, Path kubeconfig) {
  private static final Path SDK = Path.of("/usr/lib/google-cloud-sdk/bin");

  public record Result(int exitCode, String stdout, String stderr) {
    public String out() {
      return stdout.trim();
    }
  }

  /** The oldest and the newest kubectl present (1.27 and 1.33 on our machines), else the one on PATH. */
  public static List<Path> binaries() {
    List<Path> found = new ArrayList<>();
    for (String version : List.of("1.27", "1.33")) {
      Path p = SDK.resolve("kubectl." + version);
      if (Files.isExecutable(p)) {
        found.add(p);
      }
    }
    if (found.isEmpty()) {
      found.add(Path.of("kubectl"));
    }
    return found;
  }

  public Result run(String... args) throws IOException, InterruptedException {
    return runWithInput(null, args);
  }

  public Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
    Process process = start(args);
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Starts kubectl without waiting (for `get -w`). */
  public Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOME", kubeconfig.getParent().toString());
    return builder.start();
  }

  public String version() {
    String name = binary.getFileName().toString();
    return name.startsWith("kubectl.") ? name.substring("kubectl.".length()) : "path";
  }
}
