package dev.vkube.scheduler;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** jqwik properties over random clusters and pod streams (see {@link RandomScenario}). */
class PlacementPropertiesTest {
  @Property(tries = 300)
  void noPlacementOvercommitsOrBreaksAConstraint(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int nodes,
      @ForAll @IntRange(min = 1, max = 30) int pods) {
    PlacementInvariants.placeAndCheck(RandomScenario.of(seed, nodes, pods), seed);
  }

  @Property(tries = 200)
  void aForkNeverChangesItsParent(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int nodes,
      @ForAll @IntRange(min = 0, max = 20) int pods) {
    PlacementInvariants.assertForkIsolation(RandomScenario.of(seed, nodes, pods), seed);
  }
}
