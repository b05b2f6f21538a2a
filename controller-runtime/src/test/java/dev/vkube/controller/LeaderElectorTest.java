package dev.vkube.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderElectorTest {
  /** An in-memory lease with compare-and-swap on a version counter. */
  static final class MemoryLeases implements LeaseStore {
    private Lease lease;
    private int version;

    @Override
    public synchronized Optional<Lease> get() {
      return Optional.ofNullable(lease);
    }

    @Override
    public synchronized boolean create(Lease l) {
      if (lease != null) {
        return false;
      }
      lease = withVersion(l);
      return true;
    }

    @Override
    public synchronized boolean update(Lease l) {
      if (lease == null || !lease.resourceVersion().equals(l.resourceVersion())) {
        return false;
      }
      lease = withVersion(l);
      return true;
    }

    private Lease withVersion(Lease l) {
      version++;
      return new Lease(l.holderIdentity(), l.leaseDurationSeconds(), l.acquireTime(), l.renewTime(),
          l.leaseTransitions(), Integer.toString(version));
    }
  }

  static final class FakeClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void onlyOneOfTwoCandidatesLeadsAndTheOtherTakesOverAfterExpiry() {
    MemoryLeases leases = new MemoryLeases();
    FakeClock clock = new FakeClock();
    AtomicInteger started = new AtomicInteger();
    Duration d = LeaderElector.LEASE_DURATION;
    LeaderElector a = new LeaderElector(leases, "a", d, LeaderElector.RENEW_DEADLINE, LeaderElector.RETRY_PERIOD,
        clock, started::incrementAndGet, () -> { });
    LeaderElector b = new LeaderElector(leases, "b", d, LeaderElector.RENEW_DEADLINE, LeaderElector.RETRY_PERIOD,
        clock, started::incrementAndGet, () -> { });
    a.tick();
    b.tick();
    assertTrue(a.leading());
    assertFalse(b.leading());
    clock.now = clock.now.plusSeconds(10);
    b.tick();
    assertFalse(b.leading(), "a's lease has not expired");
    clock.now = clock.now.plusSeconds(20);
    b.tick();
    assertTrue(b.leading());
    assertEquals(1, leases.get().orElseThrow().leaseTransitions());
    a.tick();
    assertFalse(a.leading(), "a cannot renew a lease b holds, and its renew deadline has passed");
  }

  @Test
  void aLeaderThatClosesReleasesItsLeaseSoAnotherTakesOverAtOnce() {
    MemoryLeases leases = new MemoryLeases();
    FakeClock clock = new FakeClock();
    Duration d = LeaderElector.LEASE_DURATION;
    LeaderElector a = new LeaderElector(leases, "a", d, LeaderElector.RENEW_DEADLINE, LeaderElector.RETRY_PERIOD,
        clock, () -> { }, () -> { });
    LeaderElector b = new LeaderElector(leases, "b", d, LeaderElector.RENEW_DEADLINE, LeaderElector.RETRY_PERIOD,
        clock, () -> { }, () -> { });
    a.tick();
    assertTrue(a.leading());

    a.close();
    clock.now = clock.now.plusSeconds(2);
    b.tick();

    assertTrue(b.leading(), "released lease (client-go ReleaseOnCancel) is taken without waiting 15 s");
  }
}
