package dev.vkube.bench.api;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up, four ways: a fresh data dir (PKI created) and a reused one, each started as the runtime
 * contract says ({@code java -jar}) and, when the class archive's JVM options are given (what
 * {@code bin/vkube} starts with, made by {@code bin/class-archive}), with them in front of
 * {@code -jar}. Each is started {@code runs} times, interleaved so that a machine that slows down
 * mid-step slows every kind alike; the medians are reported, the settled memory from the last run.
 */
final class StartupStep {
  private final ApiBenchOptions options;
  private final String etcdUrl;
  private final Path workDir;
  private final PrintStream out;
  private final StartupProbe probe;

  StartupStep(ApiBenchOptions options, String etcdUrl, Path workDir, PrintStream out)
      throws GeneralSecurityException {
    this.probe = new StartupProbe();
    this.options = options;
    this.etcdUrl = etcdUrl;
    this.workDir = workDir;
    this.out = out;
  }

  /** The medians, in the order fresh, reused (java -jar), then fresh, reused (class archive) if given. */
  List<Startup> run() throws IOException, InterruptedException {
    List<Kind> kinds = new ArrayList<>(List.of(new Kind("java -jar, fresh PKI", "jar", true, List.of()),
        new Kind("java -jar, reused PKI", "jar", false, List.of())));
    if (!options.classArchiveOptions().isEmpty()) {
      kinds.add(new Kind("class archive, fresh PKI", "cds", true, options.classArchiveOptions()));
      kinds.add(new Kind("class archive, reused PKI", "cds", false, options.classArchiveOptions()));
    }
    List<List<Startup>> runs = new ArrayList<>();
    kinds.forEach(k -> runs.add(new ArrayList<>()));
    for (int run = 1; run <= options.startRuns(); run++) {
      boolean last = run == options.startRuns();
      for (int k = 0; k < kinds.size(); k++) {
        Kind kind = kinds.get(k);
        // A fresh start gets a data dir of its own; the reused start of the same way then reuses it.
        String name = "start-" + kind.way() + "-" + run;
        List<String> jvm = new ArrayList<>(options.serverJvmOptions());
        jvm.addAll(kind.jvmOptions());
        try (ServerProcess server = ServerProcess.start(options.jar(), jvm, etcdUrl, workDir.resolve(name),
            workDir.resolve(name + (kind.fresh() ? "-fresh.log" : "-reused.log")))) {
          runs.get(k).add(startup(kind.label() + " #" + run, server, last));
        }
      }
    }
    List<Startup> medians = new ArrayList<>();
    for (int k = 0; k < kinds.size(); k++) {
      medians.add(Startup.median(kinds.get(k).label(), runs.get(k)));
    }
    return medians;
  }

  private Startup startup(String label, ServerProcess server, boolean settle) throws IOException,
      InterruptedException {
    long nanos = probe.awaitReady(server);
    double cpu = ProcessCpu.seconds(server.pid());
    double rss = server.rssMebibytes();
    double settled = Double.NaN;
    if (settle) {
      Thread.sleep(Startup.SETTLE_SECONDS * 1000L);
      settled = server.rssMebibytes();
    }
    Startup startup = new Startup(label, nanos, cpu, rss, settled);
    out.println(startup.line());
    return startup;
  }

  private record Kind(String label, String way, boolean fresh, List<String> jvmOptions) {}
}
