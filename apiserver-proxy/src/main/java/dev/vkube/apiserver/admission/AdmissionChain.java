package dev.vkube.apiserver.admission;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admission plugins in order: all mutating steps first, then all validating steps, as
 * kube-apiserver runs its chain. Plugins are added at start, before requests are served.
 */
public final class AdmissionChain {
  private final List<AdmissionPlugin> plugins = new CopyOnWriteArrayList<>();

  public AdmissionChain add(AdmissionPlugin plugin) {
    plugins.add(plugin);
    return this;
  }

  public void admit(AdmissionRequest request) {
    for (AdmissionPlugin plugin : plugins) {
      if (plugin.handles(request)) {
        plugin.admit(request);
      }
    }
  }

  public void validate(AdmissionRequest request) {
    for (AdmissionPlugin plugin : plugins) {
      if (plugin.handles(request)) {
        plugin.validate(request);
      }
    }
  }

  public List<String> names() {
    return plugins.stream().map(AdmissionPlugin::name).toList();
  }
}
