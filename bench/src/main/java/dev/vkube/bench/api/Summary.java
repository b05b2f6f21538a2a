package dev.vkube.bench.api;

import java.io.PrintStream;
import java.util.List;

/** The final block: each figure the issue asks for, next to its target. */
record Summary(
    List<Startup> starts,
    List<Throughput> creates,
    Throughput best,
    List<Throughput> jetcd,
    ListLatency.Result cachedList,
    ListLatency.Result consistentList,
    WatchLatency.Result watch,
    double rssAfter) {

  static final double RATIO_TARGET = 0.6;
  static final double RATIO_GOAL = 0.8;
  static final double WATCH_P99_TARGET_MS = 100;
  static final double LIST_TARGET_MS = 150;
  static final double START_TARGET_MS = 2000;
  static final double RSS_TARGET_MIB = 200;

  void print(PrintStream out) {
    Throughput baseline = jetcd.stream().max((a, b) -> Double.compare(a.perSecond(), b.perSecond())).orElseThrow();
    double ratio = best.perSecond() / baseline.perSecond();
    out.println();
    out.println("==== api-bench summary ====");
    out.printf("create 1KiB ConfigMaps, 64 in flight : %.0f /s (%s)%n", best.perSecond(), best.label());
    out.printf("jetcd put 1KiB, 64 in flight         : %.0f /s (faster of %d runs)%n", baseline.perSecond(),
        jetcd.size());
    if (best.cpu() != null && baseline.cpu() != null) {
      out.printf("cpu per create (server/etcd/bench)   : %.3f / %.3f / %.3f ms; per raw put (etcd/bench) %.3f / %.3f ms%n",
          best.cpu().server() * 1000 / best.count(), best.cpu().etcd() * 1000 / best.count(),
          best.cpu().bench() * 1000 / best.count(), baseline.cpu().etcd() * 1000 / baseline.count(),
          baseline.cpu().bench() * 1000 / baseline.count());
    }
    out.printf("ratio create/put                     : %.2f  [target >= %.1f, goal %.1f] %s%n", ratio,
        RATIO_TARGET, RATIO_GOAL, verdict(ratio >= RATIO_TARGET));
    out.printf("watch fan-out %d x %d deliveries : p50=%.1f p99=%.1f max=%.1f ms, missed=%d  [p99 < %.0f ms, "
        + "missed 0] %s%n", watch.watchers(), watch.objects(), Percentiles.ms(watch.delivery().p50()),
        Percentiles.ms(watch.delivery().p99()), Percentiles.ms(watch.delivery().max()), watch.missed(),
        WATCH_P99_TARGET_MS, verdict(Percentiles.ms(watch.delivery().p99()) < WATCH_P99_TARGET_MS
            && watch.missed() == 0));
    listLine(out, String.format("list %5d, cache (resourceVersion=0) ", cachedList.items()), cachedList);
    listLine(out, String.format("list %5d, consistent (from etcd)    ", consistentList.items()), consistentList);
    for (Startup start : starts) {
      startLine(out, String.format("start to /readyz, %-25s", start.label()), start);
    }
    out.printf("RSS with %4d watches open           : %.0f MiB%n", watch.watchers(), watch.serverRssWhileOpen());
    out.printf("RSS after the benchmarks             : %.0f MiB  [< %.0f MiB] %s%n", rssAfter, RSS_TARGET_MIB,
        verdict(rssAfter < RSS_TARGET_MIB));
  }

  private static void listLine(PrintStream out, String label, ListLatency.Result list) {
    double median = Percentiles.ms(list.latency().p50());
    out.printf("%s: median=%.1f ms p90=%.1f ms  [< %.0f ms] %s%n", label, median,
        Percentiles.ms(list.latency().p90()), LIST_TARGET_MS, verdict(median < LIST_TARGET_MS));
  }

  private static void startLine(PrintStream out, String label, Startup startup) {
    out.printf("%s: %.0f ms (server cpu %.1f s) [< %.0f ms] %s; RSS at ready %.0f MiB, idle after start %.0f MiB"
        + "  [< %.0f MiB] %s%n", label, startup.nanos() / 1e6, startup.cpuSeconds(), START_TARGET_MS,
        verdict(startup.nanos() / 1e6 < START_TARGET_MS), startup.rssMebibytes(), startup.settledRssMebibytes(),
        RSS_TARGET_MIB, verdict(startup.settledRssMebibytes() < RSS_TARGET_MIB));
  }

  private static String verdict(boolean met) {
    return met ? "MET" : "MISSED";
  }
}
