package dev.vkube.apiserver.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The metrics of one virtual cluster under kube-apiserver's names and labels, so existing dashboards
 * work (k8s.io/apiserver pkg/endpoints/metrics, pkg/storage/etcd3/metrics). One registry per tenant:
 * nothing goes to the process-wide default registry (DESIGN decision 10).
 */
public final class ApiMetrics {
  /** kube-apiserver's request latency buckets. */
  private static final double[] REQUEST_BUCKETS = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2,
      3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60};
  private static final double[] ETCD_BUCKETS = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3,
      4, 5, 6, 8, 10, 15, 20, 30, 45, 60};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests = Counter.builder().name("apiserver_request_total")
      .help("Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, "
          + "scope, component, and HTTP response code.")
      .labelNames("verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component", "code")
      .register(registry);
  private final Histogram duration = Histogram.builder().name("apiserver_request_duration_seconds")
      .help("Response latency distribution in seconds for each verb, dry run value, group, version, resource, "
          + "subresource, scope and component.")
      .classicUpperBounds(REQUEST_BUCKETS).classicOnly()
      .labelNames("verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component")
      .register(registry);
  private final Gauge longRunning = Gauge.builder().name("apiserver_longrunning_requests")
      .help("Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, "
          + "scope and component.")
      .labelNames("verb", "group", "version", "resource", "subresource", "scope", "component")
      .register(registry);
  private final Gauge storageObjects = Gauge.builder().name("apiserver_storage_objects")
      .help("Number of stored objects at the time of last check split by kind.")
      .labelNames("resource").register(registry);
  private final Histogram etcdDuration = Histogram.builder().name("etcd_request_duration_seconds")
      .help("Etcd request latency in seconds for each operation and object type.")
      .classicUpperBounds(ETCD_BUCKETS).classicOnly().labelNames("operation", "type").register(registry);

  /** One finished request; {@code verb} in upstream's form (GET, LIST, WATCH, POST, PUT, PATCH, DELETE, APPLY). */
  public void request(RequestLabels labels, int code, double seconds) {
    requests.labelValues(labels.verb(), labels.dryRun(), labels.group(), labels.version(), labels.resource(),
        labels.subresource(), labels.scope(), "apiserver", Integer.toString(code)).inc();
    duration.labelValues(labels.verb(), labels.dryRun(), labels.group(), labels.version(), labels.resource(),
        labels.subresource(), labels.scope(), "apiserver").observe(seconds);
  }

  /** A watch (or other long-running request) started (+1) or ended (-1). */
  public void longRunning(RequestLabels labels, int delta) {
    longRunning.labelValues(labels.verb(), labels.group(), labels.version(), labels.resource(), labels.subresource(),
        labels.scope(), "apiserver").inc(delta);
  }

  public void storageObjects(String groupResource, long count) {
    storageObjects.labelValues(groupResource).set(count);
  }

  public void etcdRequest(String operation, String type, double seconds) {
    etcdDuration.labelValues(operation, type).observe(seconds);
  }

  /** The Prometheus text exposition (version 0.0.4) of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
