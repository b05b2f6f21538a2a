package dev.vkube.scheduler.model;

/** One physical GPU of a node: its product name and its capacity in milli-units (1000 = whole). */
public record GpuDevice(String model, int milli) {
  public static final int WHOLE = 1000;

  public static GpuDevice of(String model) {
    return new GpuDevice(model, WHOLE);
  }
}
