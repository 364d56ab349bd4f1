package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * F11's last sentence: nothing a live creation is making or using can be deleted as retained. The
 * cloud knows from the start which image a snapshot or backup is made for ({@code image_id}), so
 * it refuses before the image lists them, and refuses a task that is still running.
 */
class RetainedTest extends EmulatorTestBase {
  private static final Duration NEVER = Duration.ofHours(1);
  private static final Duration AT_ONCE = Duration.ofMillis(1);

  private Api.Res snapshotFor(String imageId, String diskId) {
    return service.post("/v1/tenant-a/snapshots",
        "{\"disk_id\":\"" + diskId + "\",\"name\":\"s\",\"image_id\":\"" + imageId + "\"}", key());
  }

  private Api.Res backupFor(String imageId, String serverId, List<String> snapshotIds) {
    String ids = String.join(",", snapshotIds.stream().map(s -> "\"" + s + "\"").toList());
    return service.post("/v1/tenant-a/backups", "{\"server_id\":\"" + serverId + "\",\"vault_id\":\"vault-backup\","
        + "\"snapshot_ids\":[" + ids + "],\"name\":\"b\",\"image_id\":\"" + imageId + "\"}", key());
  }

  @Test
  void aSnapshotStillCreatingCannotBeDeleted() { // F11
    startFixed(NEVER, NEVER);
    String id = snapshot("ecs-single-disk-sys");

    Api.Res refused = tenantA.delete("/v1/tenant-a/snapshots/" + id);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("SNAPSHOT_CREATING");
    assertThat(refused.text("error_msg")).contains("snapshot " + id + " is still being created");
    assertThat(tenantA.get("/v1/tenant-a/snapshots/" + id).text("status")).isEqualTo("creating");
  }

  @Test
  void aBackupStillProtectingCannotBeDeleted() { // F11
    startFixed(AT_ONCE, NEVER);
    List<String> snaps = snapshotAll("ecs-single-disk");
    String id = backup("ecs-single-disk", "vault-backup", snaps).text("id");

    Api.Res refused = tenantA.delete("/v1/tenant-a/backups/" + id);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("BACKUP_PROTECTING");
    assertThat(refused.text("error_msg")).contains("backup " + id + " is still being made");
    assertThat(tenantA.get("/v1/tenant-a/backups/" + id).text("status")).isEqualTo("protecting");
  }

  @Test
  void whatALiveCreationMakesCannotBeDeletedBeforeItsImageListsIt() { // F11
    startFixed(AT_ONCE, AT_ONCE);
    assertThat(createImage("img-live", "ecs-single-disk", "live").status()).isEqualTo(201);
    Api.Res snapshot = snapshotFor("img-live", "ecs-single-disk-sys");
    assertThat(snapshot.status()).as("%s", snapshot.body()).isEqualTo(201);
    assertThat(snapshot.text("image_id")).isEqualTo("img-live");
    String snapshotId = snapshot.text("id");
    assertThat(awaitSnapshot(snapshotId).text("status")).isEqualTo("available");
    Api.Res backup = backupFor("img-live", "ecs-single-disk", List.of(snapshotId));
    assertThat(backup.status()).as("%s", backup.body()).isEqualTo(201);
    assertThat(backup.text("image_id")).isEqualTo("img-live");
    String backupId = backup.text("id");
    assertThat(awaitBackup(backupId).text("status")).isEqualTo("available");

    Api.Res snapshotRefused = tenantA.delete("/v1/tenant-a/snapshots/" + snapshotId);
    Api.Res backupRefused = tenantA.delete("/v1/tenant-a/backups/" + backupId);

    assertThat(snapshotRefused.code()).isEqualTo("SNAPSHOT_IN_USE");
    assertThat(snapshotRefused.text("error_msg")).contains("image img-live (CREATING)");
    assertThat(backupRefused.code()).isEqualTo("BACKUP_IN_USE");
    assertThat(backupRefused.text("error_msg")).contains("image img-live (CREATING)");

    // Once the creation is over (here: its image deleted, as a cancel does) they are retained.
    assertThat(tenantA.delete("/v1/tenant-a/images/img-live").text("status")).isEqualTo("DELETED");
    assertThat(tenantA.delete("/v1/tenant-a/backups/" + backupId).status()).isEqualTo(200);
    assertThat(tenantA.delete("/v1/tenant-a/snapshots/" + snapshotId).status()).isEqualTo(200);
  }

  @Test
  void aSnapshotOrBackupForAnImageThatDoesNotExistIsRefused() {
    startFixed(AT_ONCE, AT_ONCE);
    Api.Res snapshot = snapshotFor("img-nope", "ecs-single-disk-sys");
    assertThat(snapshot.status()).isEqualTo(404);
    assertThat(snapshot.code()).isEqualTo("IMAGE_NOT_FOUND");
    List<String> snaps = snapshotAll("ecs-single-disk");
    Api.Res backup = backupFor("img-nope", "ecs-single-disk", snaps);
    assertThat(backup.status()).isEqualTo(404);
    assertThat(backup.code()).isEqualTo("IMAGE_NOT_FOUND");
  }

  @Test
  void anImageRecordsTheCreationThatMadeIt() { // F16
    startFixed(AT_ONCE, AT_ONCE);
    assertThat(lock("ecs-single-disk", "img-c").status()).isEqualTo(200);
    Api.Res created = service.post("/v1/tenant-a/images", "{\"id\":\"img-c\",\"name\":\"c\",\"type\":\"FULL_ECS\","
        + "\"source_server_id\":\"ecs-single-disk\",\"vault_id\":\"vault-backup\","
        + "\"creation_id\":\"full-ecs-image:tenant-a:r-1\"}", key());

    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    assertThat(created.text("creation_id")).isEqualTo("full-ecs-image:tenant-a:r-1");
    assertThat(tenantA.get("/v1/tenant-a/images/img-c").text("creation_id")).isEqualTo("full-ecs-image:tenant-a:r-1");
  }
}
