package dev.fullecs.cloud.contract;

import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiSettings;
import dev.fullecs.emulator.CloudEmulator;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The port's contract through the unmodified official Huawei Cloud SDK, pointed at the emulator's
 * Huawei API (the endpoint override), with the image service's AK/SK of the emulator's inventory for
 * the project {@code tenant-a}. On Huawei there is no image before an available backup, so F6 leaves
 * the image CREATING.
 */
class HuaweiImageCloudTest extends ImageCloudContract {
  static final String AK_SERVICE = "EMUIMAGESVC000000001";
  static final String SK_SERVICE = "emulator-secret-key-of-image-svc-0000001";

  @Override
  protected ImageCloud connect(CloudEmulator emulator) {
    return connect(emulator, SK_SERVICE);
  }

  @Override
  protected ImageCloud connectWithWrongSecret(CloudEmulator emulator) {
    return connect(emulator, WRONG_SECRET);
  }

  private static ImageCloud connect(CloudEmulator emulator, String sk) {
    return new HuaweiImageCloud(new HuaweiSettings(REGION, REGION_AZS, Optional.of(emulator.baseUrl()),
        Map.of(TENANT, new HuaweiSettings.Credential(AK_SERVICE, sk, TENANT)),
        Duration.ofMillis(50), Duration.ofSeconds(5), 3, "s6.large.2"));
  }

  @Override
  protected boolean deletionBeforeTheImageIsReadBack() {
    return false;
  }

  @Override
  protected boolean usableInAzBeforeTheBackup() {
    return false;
  }
  /**
   * Issue 15 on Huawei: the watcher's round reads a creation's CBR checkpoint once (ShowBackup),
   * not once per disk's snapshot and once more for the backup: the 8-disk server's nine snapshot
   * handles and its backup cost one read.
   */
  @org.junit.jupiter.api.Test
  void aRoundOfTheWatcherReadsEachCheckpointOnceForAllItsSnapshotsAndItsBackup() {
    String imageId = "img-" + java.util.UUID.randomUUID();
    String server = "ecs-eight-disks";
    cloud.createImageRecord(TENANT, new dev.fullecs.cloud.ImageSpec(imageId, "round-" + imageId.substring(4, 12),
        server, null, VAULT, null, java.util.List.of(), "round", "wf-" + imageId), imageId + "/create-image");
    java.util.List<String> handles = new java.util.ArrayList<>();
    for (dev.fullecs.cloud.Disk d : cloud.server(TENANT, server).disksSystemFirst()) {
      handles.add(cloud.startSnapshot(new ImageCloud.SnapshotStart(
          TENANT, imageId, server, d.id(), "round-" + d.id(), imageId + "/snapshot/" + d.id())).id());
    }
    String backupId = cloud.startBackup(new ImageCloud.BackupStart(
        TENANT, imageId, server, VAULT, handles, "round-backup", imageId + "/backup")).id();
    dev.fullecs.cloud.emulator.EmulatorAdmin admin =
        new dev.fullecs.cloud.emulator.EmulatorAdmin(emulator.baseUrl(), "tok-admin");
    admin.call("POST", "/admin/stats/reset", null);

    dev.fullecs.cloud.TaskWait round = cloud.readTasks(TENANT, handles, java.util.List.of(backupId), java.util.List.of());

    org.assertj.core.api.Assertions.assertThat(handles).hasSize(9);
    org.assertj.core.api.Assertions.assertThat(
            round.snapshots().size() + round.backups().size() + round.running().size())
        .as("every handle and the backup answered").isEqualTo(10);
    org.assertj.core.api.Assertions.assertThat(admin.call("GET", "/admin/stats", null)
            .path("operations").path("cbr_show_backup").path("count").asLong())
        .as("CBR ShowBackup calls in one round").isEqualTo(1);
  }
}
