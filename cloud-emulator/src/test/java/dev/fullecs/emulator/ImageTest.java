package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Image states and the checks the cloud makes before NORMAL. */
class ImageTest extends EmulatorTestBase {
  private static String snapshotsJson(List<String> ids) {
    return "{\"set_snapshots\":{\"snapshot_ids\":[" + String.join(",", ids.stream().map(s -> "\"" + s + "\"").toList()) + "]}}";
  }

  @Test
  void fullLifecycleCreatingNormalAzNormalRegion() {
    startFast();
    Api.Res created = createImage("img-1", "ecs-web-01", "web image");
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    assertThat(created.text("status")).isEqualTo("CREATING");
    assertThat(created.text("source_az")).isEqualTo("cn-north-4a");
    List<String> snaps = snapshotAll("ecs-web-01");
    assertThat(imageAction("img-1", snapshotsJson(snaps)).body().get("snapshot_ids")).hasSize(3);
    Api.Res az = imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"AZ\"}}");
    assertThat(az.text("status")).isEqualTo("NORMAL");
    assertThat(az.body().get("available_azs").toString()).isEqualTo("[\"cn-north-4a\"]");
    Api.Res b = backup("ecs-web-01", "vault-backup", snaps);
    assertThat(imageAction("img-1", "{\"set_backup\":{\"backup_id\":\"" + b.text("id") + "\"}}").text("backup_id")).isEqualTo(b.text("id"));
    awaitBackup(b.text("id"));
    Api.Res region = imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"REGION\"}}");
    assertThat(region.body().get("available_azs")).hasSize(3);
    // region-wide NORMAL never becomes ERROR (F14)
    Api.Res err = imageAction("img-1", "{\"set_status\":{\"status\":\"ERROR\",\"reason\":\"x\"}}");
    assertThat(err.code()).isEqualTo("IMAGE_STATE_CONFLICT");
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"AZ\"}}").code()).isEqualTo("IMAGE_STATE_CONFLICT");
    assertThat(unlock("ecs-web-01", "img-1").body().get("lock_holder").isNull()).isTrue();
  }

  @Test
  void normalIsRefusedWhileSnapshotsOrBackupAreNotAvailable() {
    startFixed(Duration.ofSeconds(1), Duration.ofSeconds(1));
    createImage("img-1", "ecs-single-disk", "one");
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"AZ\"}}").code())
        .isEqualTo("SNAPSHOTS_NOT_AVAILABLE");
    String snap = snapshot("ecs-single-disk-sys");
    imageAction("img-1", snapshotsJson(List.of(snap)));
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"AZ\"}}").code())
        .isEqualTo("SNAPSHOTS_NOT_AVAILABLE");
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"REGION\"}}").code())
        .isEqualTo("BACKUP_NOT_AVAILABLE");
    awaitSnapshot(snap);
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"AZ\"}}").status()).isEqualTo(200);
    Api.Res b = backup("ecs-single-disk", "vault-backup", List.of(snap));
    imageAction("img-1", "{\"set_backup\":{\"backup_id\":\"" + b.text("id") + "\"}}");
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"REGION\"}}").code())
        .isEqualTo("BACKUP_NOT_AVAILABLE");
    assertThat(tenantA.get("/v1/tenant-a/images/img-1").body().get("available_azs")).hasSize(1);
    awaitBackup(b.text("id"));
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"REGION\"}}").status()).isEqualTo(200);
  }

  @Test
  void creatingNeedsTheLockHeldByThisImage() {
    startFast();
    String body = "{\"id\":\"img-9\",\"name\":\"n\",\"source_server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\"}";
    assertThat(service.post("/v1/tenant-a/images", body, key()).code()).isEqualTo("ECS_NOT_LOCKED");
    lock("ecs-web-01", "img-other");
    Api.Res r = service.post("/v1/tenant-a/images", body, key());
    assertThat(r.code()).isEqualTo("ECS_LOCKED");
    assertThat(r.msg()).contains("img-other");
    assertThat(tenantA.get("/v1/tenant-a/images?name=n").body().get("images")).isEmpty();
  }

  @Test
  void createValidatesNameTagsProjectAndUniqueness() {
    startFast();
    lock("ecs-web-01", "img-1");
    String base = "\"id\":\"img-1\",\"source_server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\"";
    assertThat(service.post("/v1/tenant-a/images", "{" + base + ",\"name\":\" bad\"}", key()).code()).isEqualTo("INVALID_IMAGE_NAME");
    assertThat(service.post("/v1/tenant-a/images", "{" + base + ",\"name\":\"existing-image\"}", key()).code()).isEqualTo("IMAGE_NAME_EXISTS");
    assertThat(service.post("/v1/tenant-a/images", "{" + base + ",\"name\":\"ok\",\"enterprise_project\":\"ep-x\"}", key()).code())
        .isEqualTo("ENTERPRISE_PROJECT_NOT_FOUND");
    assertThat(service.post("/v1/tenant-a/images", "{" + base + ",\"name\":\"ok\",\"tags\":[{\"key\":\"a=b\",\"value\":\"\"}]}", key()).code())
        .isEqualTo("INVALID_TAGS");
    assertThat(service.post("/v1/tenant-a/images", "{" + base + ",\"name\":\"ok\",\"vault_id\":\"vault-replication\"}", key()).code())
        .isEqualTo("VAULT_NOT_BACKUP_TYPE");
    Api.Res ok = service.post("/v1/tenant-a/images", "{" + base + ",\"name\":\"ok\",\"enterprise_project\":\"ep-finance\","
        + "\"tags\":[{\"key\":\"team\",\"value\":\"web\"}],\"description\":\"d\"}", key());
    assertThat(ok.status()).as("%s", ok.body()).isEqualTo(201);
    assertThat(service.post("/v1/tenant-a/images", "{" + base + ",\"name\":\"ok2\"}", key()).code()).isEqualTo("IMAGE_ID_EXISTS");
    // tenant-b's tag policy requires cost-center
    service.post("/v1/tenant-b/servers/ecs-b-01/action", "{\"lock\":{\"holder\":\"img-b\"}}");
    String b = "{\"id\":\"img-b\",\"name\":\"b\",\"source_server_id\":\"ecs-b-01\",\"vault_id\":\"vault-b-backup\"";
    assertThat(service.post("/v1/tenant-b/images", b + "}", key()).code()).isEqualTo("TAG_POLICY_VIOLATION");
    assertThat(service.post("/v1/tenant-b/images", b + ",\"tags\":[{\"key\":\"cost-center\",\"value\":\"42\"}]}", key()).status())
        .isEqualTo(201);
  }

  @Test
  void deletingACreatingImageReleasesItsLockAndKeepsBackups() {
    startFast();
    createImage("img-1", "ecs-web-01", "web");
    List<String> snaps = snapshotAll("ecs-web-01");
    imageAction("img-1", snapshotsJson(snaps));
    Api.Res b = backup("ecs-web-01", "vault-backup", snaps);
    imageAction("img-1", "{\"set_backup\":{\"backup_id\":\"" + b.text("id") + "\"}}");
    Api.Res deleted = tenantA.delete("/v1/tenant-a/images/img-1");
    assertThat(deleted.text("status")).isEqualTo("DELETED");
    assertThat(deleted.text("backup_id")).isEqualTo(b.text("id"));
    assertThat(deleted.body().get("snapshot_ids")).hasSize(3);
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").body().get("lock_holder").isNull()).isTrue();
    assertThat(tenantA.get("/v1/tenant-a/backups/" + b.text("id")).status()).isEqualTo(200);
    snaps.forEach(s -> assertThat(tenantA.get("/v1/tenant-a/snapshots/" + s).status()).isEqualTo(200));
    // DELETED: delete again is a no-op, set_status refused, set_retained accepted
    assertThat(tenantA.delete("/v1/tenant-a/images/img-1").status()).isEqualTo(200);
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"ERROR\",\"reason\":\"x\"}}").code()).isEqualTo("IMAGE_DELETED");
    assertThat(imageAction("img-1", "{\"set_retained\":{\"note\":\"kept 3 snapshots and a backup\"}}").text("retained_note"))
        .isEqualTo("kept 3 snapshots and a backup");
    assertThat(imageAction("img-1", snapshotsJson(snaps)).status()).isEqualTo(200);
    // the DELETED image does not use up its backup (F11/F17)
    awaitBackup(b.text("id"));
    Api.Res fromBackup = service.post("/v1/tenant-a/images",
        "{\"id\":\"img-2\",\"name\":\"web again\",\"source_backup_id\":\"" + b.text("id") + "\"}", key());
    assertThat(fromBackup.status()).as("%s", fromBackup.body()).isEqualTo(201);
  }

  @Test
  void deleteWithDeleteBackupRemovesTheBackupAndFreesTheVault() {
    startFast();
    createImage("img-1", "ecs-web-01", "web");
    List<String> snaps = snapshotAll("ecs-web-01");
    Api.Res b = backup("ecs-web-01", "vault-backup", snaps);
    imageAction("img-1", "{\"set_backup\":{\"backup_id\":\"" + b.text("id") + "\"}}");
    assertThat(tenantA.delete("/v1/tenant-a/images/img-1?delete_backup=true").body().get("backup_id").isNull()).isTrue();
    assertThat(tenantA.get("/v1/tenant-a/backups/" + b.text("id")).status()).isEqualTo(404);
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-backup").body().get("used_gib").asLong()).isZero();
  }

  @Test
  void errorWithReasonFromCreatingAndNotBackToNormal() {
    startFast();
    createImage("img-1", "ecs-web-01", "web");
    Api.Res err = imageAction("img-1", "{\"set_status\":{\"status\":\"ERROR\",\"reason\":\"backup failed\"}}");
    assertThat(err.text("status")).isEqualTo("ERROR");
    assertThat(err.text("failure_reason")).isEqualTo("backup failed");
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"REGION\"}}").code()).isEqualTo("IMAGE_STATE_CONFLICT");
    assertThat(imageAction("img-1", "{\"set_status\":{\"status\":\"CREATING\"}}").status()).isEqualTo(400);
    assertThat(tenantA.delete("/v1/tenant-a/images/img-1").text("status")).isEqualTo("DELETED");
  }

  @Test
  void oneBackupMakesOneImageAndNeedsNoLock() {
    startFast();
    String body = "{\"id\":\"img-f17\",\"name\":\"from backup\",\"source_backup_id\":\"backup-existing\",\"vault_id\":\"vault-backup\"}";
    Api.Res r = service.post("/v1/tenant-a/images", body, key());
    assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
    assertThat(r.text("backup_id")).isEqualTo("backup-existing");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-single-disk").body().get("lock_holder").isNull()).isTrue();
    assertThat(imageAction("img-f17", "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"REGION\"}}").body().get("available_azs"))
        .hasSize(3);
    Api.Res second = service.post("/v1/tenant-a/images",
        "{\"id\":\"img-f17b\",\"name\":\"again\",\"source_backup_id\":\"backup-existing\"}", key());
    assertThat(second.code()).isEqualTo("BACKUP_ALREADY_USED");
    createImage("img-x", "ecs-web-01", "x");
    assertThat(imageAction("img-x", "{\"set_backup\":{\"backup_id\":\"backup-existing\"}}").code()).isEqualTo("BACKUP_ALREADY_USED");
  }

  @Test
  void imageCreateAndActionsNeedTheServiceToken() {
    startFast();
    lock("ecs-web-01", "img-1");
    String body = "{\"id\":\"img-1\",\"name\":\"n\",\"source_server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\"}";
    assertThat(tenantA.post("/v1/tenant-a/images", body, key()).status()).isEqualTo(403);
    assertThat(tenantA.post("/v1/tenant-a/images/img-existing/action", "{\"set_status\":{\"status\":\"ERROR\"}}").status())
        .isEqualTo(403);
    assertThat(tenantA.get("/v1/tenant-a/images/img-existing").text("status")).isEqualTo("NORMAL");
  }
}
