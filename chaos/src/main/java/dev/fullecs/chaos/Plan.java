package dev.fullecs.chaos;

import dev.fullecs.contract.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The creations of a run, in start order. Mixed on purpose: healthy generated servers with 0 to 8
 * data disks, healthy servers of the default inventory (including the 8-disk one), servers that
 * break an F2 rule, pairs racing for one server's lock, creations to cancel at a random moment,
 * and creations whose 1-minute maintenance window runs out because their snapshots take longer.
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

  private Plan() {}

  static List<PlannedCreation> build(ChaosSettings s, CloudAdmin admin, Random random)
      throws IOException, InterruptedException {
    int n = s.creations();
    if (n < 10) {
      throw new IllegalArgumentException("--creations must be at least 10 (the plan mixes 6 kinds)");
    }
    int inventory = Math.min(INVENTORY_HEALTHY.size(), Math.max(2, n / 8));
    int invalid = Math.min(INVENTORY_INVALID.size(), Math.max(1, n / 50));
    int racePairs = Math.max(1, n / 50);
    int window = Math.max(1, n / 25);
    int cancel = Math.max(2, n / 10);
    int plain = n - inventory - invalid - 2 * racePairs - window - cancel;

    List<List<PlannedCreation>> groups = new ArrayList<>();
    int[] number = {0};
    for (int i = 0; i < inventory; i++) {
      groups.add(List.of(new PlannedCreation(++number[0], Kind.INVENTORY, INVENTORY_HEALTHY.get(i),
          INVENTORY_VAULT, -1, i % 2 == 0 ? "2h" : null, null)));
    }
    for (int i = 0; i < invalid; i++) {
      groups.add(List.of(new PlannedCreation(++number[0], Kind.INVALID, INVENTORY_INVALID.get(i),
          INVENTORY_VAULT, -1, null, null)));
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
    // Snapshot time is 1 s + size / 10 GiB/s, times the time scale (more under load).
    int bigGib = (int) Math.ceil(WINDOW_SNAPSHOT_SECONDS / s.timeScale() * 10);
    for (int i = 0; i < window; i++) {
      String server = generated(admin, 1, bigGib);
      groups.add(List.of(new PlannedCreation(++number[0], Kind.WINDOW_EXPIRES, server, LOAD_VAULT, 1,
          "1m", null)));
    }
    for (int i = 0; i < racePairs; i++) {
      int disks = random.nextInt(9);
      String server = generated(admin, disks, 100);
      groups.add(List.of(
          new PlannedCreation(++number[0], Kind.LOCK_RACE, server, LOAD_VAULT, disks, null, null),
          new PlannedCreation(++number[0], Kind.LOCK_RACE, server, LOAD_VAULT, disks, null, null)));
    }
    Collections.shuffle(groups, random);
    List<PlannedCreation> plan = new ArrayList<>();
    groups.forEach(plan::addAll);
    return plan;
  }

  private static String generated(CloudAdmin admin, int dataDisks, int dataGib)
      throws IOException, InterruptedException {
    return admin.generate(1, dataDisks, 40, dataGib).get(0);
  }
}
