package dev.fullecs.chaos;

import dev.fullecs.contract.Step;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The creations of a run, in start order. Mixed on purpose: healthy generated servers with 0 to 8
 * data disks, healthy servers of the default inventory (including the 8-disk one), servers that
 * break an F2 rule, bad input sent past the starter, pairs racing for one server's lock, creations
 * to cancel at a random moment, 16-disk creations cancelled when the cloud is slow, creations from
 * CBR backups cancelled while their image record is made, and creations whose 1-minute maintenance
 * window runs out because their snapshots take longer, some of them extended at the last moment.
 * The 16-disk ones start first, so that they are still at work when the outage begins.
 */
final class Plan {
  /** Healthy servers of the default inventory (vault-backup), the 8-disk one first. */
  static final List<String> INVENTORY_HEALTHY = List.of(
      "ecs-eight-disks", "ecs-web-01", "ecs-single-disk", "ecs-win-ok", "ecs-csbs", "ecs-db-stopped");
  /** Servers of the default inventory that break one F2 rule each. */
  static final List<String> INVENTORY_INVALID = List.of("bms-01", "ecs-dss", "ecs-locked", "ecs-db-running");
  static final String INVENTORY_VAULT = "vault-backup";
  static final String LOAD_VAULT = "vault-load";
  /** The steps a cancel aims at: every step between start and unlock. */
  static final List<Step> CANCEL_STEPS = List.of(
      Step.VALIDATE, Step.LOCK_ECS, Step.CREATE_IMAGE_RECORD, Step.SNAPSHOT_DISKS,
      Step.IMAGE_AVAILABLE_IN_AZ, Step.BACKUP_SERVER, Step.IMAGE_NORMAL_IN_REGION, Step.UNLOCK_ECS);
  /** Wall-clock length the snapshot of a window creation's big disk aims for. */
  static final double WINDOW_SNAPSHOT_SECONDS = 150;
  /** The same for an extended window's creation: past its 1-minute window, short enough to finish after the extension. */
  static final double EXTEND_SNAPSHOT_SECONDS = 80;
  /** Data disks of a slow-cleanup server: 16 disks with the system disk. */
  static final int SLOW_CLEANUP_DATA_DISKS = 15;
  /** Extensions are sent within this much of a window's end, before and after it, spread evenly. */
  static final Duration EXTEND_SPREAD = Duration.ofSeconds(3);

  private Plan() {}

  static List<PlannedCreation> build(ChaosSettings s, CloudAdmin admin, Random random)
      throws IOException, InterruptedException {
    int n = s.creations();
    if (n < 20) {
      throw new IllegalArgumentException("--creations must be at least 20 (the plan mixes 10 kinds)");
    }
    int inventory = Math.min(INVENTORY_HEALTHY.size(), Math.max(2, n / 8));
    int invalid = Math.min(INVENTORY_INVALID.size(), Math.max(1, n / 50));
    int badInput = BadInput.values().length;
    int racePairs = Math.max(1, n / 50);
    int window = Math.max(1, n / 25);
    int extend = Math.max(2, n / 25);
    int cancel = Math.max(2, n / 10);
    int slowCleanup = Math.max(1, n / 50);
    int backupCancel = Math.max(2, n / 25);
    int plain = n - inventory - invalid - badInput - 2 * racePairs - window - extend - cancel - slowCleanup
        - backupCancel;

    List<PlannedCreation> first = new ArrayList<>();
    List<List<PlannedCreation>> groups = new ArrayList<>();
    int[] number = {0};
    // Its backup alone lasts past the outage's start, so the cancel finds it at work after the outage.
    double slowBackupSeconds = s.startOver().toSeconds() / 3.0 + 60;
    int slowDiskGib = (int) Math.ceil((slowBackupSeconds / s.timeScale() - 2) * 20 / (SLOW_CLEANUP_DATA_DISKS + 1));
    for (int i = 0; i < slowCleanup; i++) {
      String server = generated(admin, SLOW_CLEANUP_DATA_DISKS, slowDiskGib);
      first.add(new PlannedCreation(++number[0], Kind.SLOW_CLEANUP, server, LOAD_VAULT, SLOW_CLEANUP_DATA_DISKS,
          null, Step.SNAPSHOT_DISKS));
    }
    for (int i = 0; i < inventory; i++) {
      groups.add(List.of(new PlannedCreation(++number[0], Kind.INVENTORY, INVENTORY_HEALTHY.get(i),
          INVENTORY_VAULT, -1, i % 2 == 0 ? "2h" : null, null)));
    }
    for (int i = 0; i < invalid; i++) {
      groups.add(List.of(new PlannedCreation(++number[0], Kind.INVALID, INVENTORY_INVALID.get(i),
          INVENTORY_VAULT, -1, null, null)));
    }
    for (BadInput bad : BadInput.values()) {
      String server = bad == BadInput.UNKNOWN_SERVER ? BadInput.UNKNOWN_SERVER_ID : generated(admin, 0, 100);
      groups.add(List.of(new PlannedCreation(++number[0], Kind.BAD_INPUT, server, LOAD_VAULT, 0, null, null,
          null, bad, null)));
    }
    for (int i = 0; i < plain; i++) {
      int disks = random.nextInt(9);
      String server = generated(admin, disks, 100 + 100 * random.nextInt(3));
      groups.add(List.of(new PlannedCreation(++number[0], Kind.PLAIN, server, LOAD_VAULT, disks,
          i % 5 == 0 ? "2h" : null, null)));
    }
    for (int i = 0; i < cancel; i++) {
      int disks = random.nextInt(9);
      String server = generated(admin, disks, 100 + 100 * random.nextInt(3));
      groups.add(List.of(new PlannedCreation(++number[0], Kind.CANCEL, server, LOAD_VAULT, disks,
          null, CANCEL_STEPS.get(random.nextInt(CANCEL_STEPS.size())))));
    }
    for (int i = 0; i < window; i++) {
      String server = generated(admin, 1, bigDiskGib(WINDOW_SNAPSHOT_SECONDS, s.timeScale()));
      groups.add(List.of(new PlannedCreation(++number[0], Kind.WINDOW_EXPIRES, server, LOAD_VAULT, 1,
          "1m", null)));
    }
    for (int i = 0; i < extend; i++) {
      String server = generated(admin, 1, bigDiskGib(EXTEND_SNAPSHOT_SECONDS, s.timeScale()));
      // Evenly over [-spread, +spread]: with two, one 1.5 s before the window's end and one 1.5 s after.
      long offsetMs = -EXTEND_SPREAD.toMillis() + 2 * EXTEND_SPREAD.toMillis() * (2L * i + 1) / (2L * extend);
      groups.add(List.of(new PlannedCreation(++number[0], Kind.WINDOW_EXTEND, server, LOAD_VAULT, 1,
          "1m", null, null, null, Duration.ofMillis(offsetMs))));
    }
    for (int i = 0; i < racePairs; i++) {
      int disks = random.nextInt(9);
      String server = generated(admin, disks, 100);
      groups.add(List.of(
          new PlannedCreation(++number[0], Kind.LOCK_RACE, server, LOAD_VAULT, disks, null, null),
          new PlannedCreation(++number[0], Kind.LOCK_RACE, server, LOAD_VAULT, disks, null, null)));
    }
    for (int i = 0; i < backupCancel; i++) {
      int disks = random.nextInt(4);
      CloudAdmin.Generated g = admin.generateWithBackup(disks, 100);
      groups.add(List.of(new PlannedCreation(++number[0], Kind.BACKUP_CANCEL, g.serverId(), LOAD_VAULT, disks,
          null, Step.CREATE_IMAGE_RECORD, g.backupId(), null, null)));
    }
    Collections.shuffle(groups, random);
    List<PlannedCreation> plan = new ArrayList<>(first);
    groups.forEach(plan::addAll);
    return plan;
  }

  /** Snapshot time is 1 s + size / 10 GiB/s, times the time scale (more under load). */
  private static int bigDiskGib(double snapshotSeconds, double timeScale) {
    return (int) Math.ceil(snapshotSeconds / timeScale * 10);
  }

  private static String generated(CloudAdmin admin, int dataDisks, int dataGib)
      throws IOException, InterruptedException {
    return admin.generate(1, dataDisks, 40, dataGib).get(0);
  }
}
