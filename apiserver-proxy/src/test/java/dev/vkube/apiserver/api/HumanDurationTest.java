package dev.vkube.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** apimachinery pkg/util/duration HumanDuration cases. */
class HumanDurationTest {
  @Test
  void formatsLikeKubectlAge() {
    assertEquals("45s", HumanDuration.format(Duration.ofSeconds(45)));
    assertEquals("119s", HumanDuration.format(Duration.ofSeconds(119)));
    assertEquals("3m12s", HumanDuration.format(Duration.ofSeconds(192)));
    assertEquals("45m", HumanDuration.format(Duration.ofMinutes(45)));
    assertEquals("5h10m", HumanDuration.format(Duration.ofMinutes(310)));
    assertEquals("20h", HumanDuration.format(Duration.ofHours(20)));
    assertEquals("3d4h", HumanDuration.format(Duration.ofHours(76)));
    assertEquals("40d", HumanDuration.format(Duration.ofDays(40)));
    assertEquals("2y10d", HumanDuration.format(Duration.ofDays(740)));
  }
}
