package dev.vkube.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The same invariants as {@link PlacementPropertiesTest} over a fixed range of seeds with plain
 * JUnit, so they also run (and reproduce exactly) without the property-testing engine.
 */
class RandomPlacementTest {
  @Test
  void seededScenariosKeepEveryInvariant() {
    int placed = 0;
    for (long seed = 0; seed < 300; seed++) {
      placed += PlacementInvariants.placeAndCheck(RandomScenario.of(seed, 1 + (int) (seed % 8), 5 + (int) (seed % 26)), seed);
    }
    assertTrue(placed > 1000, "scenarios should place pods, placed " + placed);
  }

  @Test
  void seededForksStayIsolated() {
    for (long seed = 0; seed < 200; seed++) {
      PlacementInvariants.assertForkIsolation(RandomScenario.of(seed, 1 + (int) (seed % 6), (int) (seed % 21)), seed);
    }
  }
}
