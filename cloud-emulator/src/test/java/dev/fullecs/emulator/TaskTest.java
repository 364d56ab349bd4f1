package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshot and backup status transitions, long-poll, vault rules. */
class TaskTest extends EmulatorTestBase {
  @Test
  void snapshotGoesFromCreatingToAvailableWithProgress() {
    startFixed(Duration.ofMillis(600), Duration.ofMillis(600));
    Api.Res created = tenantA.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-web-01-data1\",\"name\":\"s\"}", key());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("status")).isEqualTo("creating");
    assertThat(created.body().get("progress").asInt()).isZero();
    assertThat(created.body().get("completed_at").isNull()).isTrue();
    assertThat(created.text("server_id")).isEqualTo("ecs-web-01");
    assertThat(created.body().get("size_gib").asInt()).isEqualTo(100);
    Api.Res done = awaitSnapshot(created.text("id"));
    assertThat(done.text("status")).isEqualTo("available");
    assertThat(done.body().get("progress").asInt()).isEqualTo(100);
    assertThat(millis(done)).isEqualTo(600);
    assertThat(tenantA.get("/v1/tenant-a/snapshots?server_id=ecs-web-01&status=available").body().get("snapshots")).hasSize(1);
    assertThat(tenantA.get("/v1/tenant-a/snapshots?disk_id=ecs-web-01-sys").body().get("snapshots")).isEmpty();
  }

  @Test
  void longPollReturnsWhenTheStatusChangesNotBefore() {
    startFixed(Duration.ofMillis(1500), Duration.ofMillis(1500));
    String id = snapshot("ecs-web-01-sys");
    long t0 = System.nanoTime();
    Api.Res r = tenantA.get("/v1/tenant-a/snapshots/" + id + "?wait_seconds=20");
    long waited = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.text("status")).isEqualTo("available");
    assertThat(waited).isBetween(1000L, 10_000L);
    // already finished: answers at once
    assertThat(tenantA.get("/v1/tenant-a/snapshots/" + id + "?wait_seconds=20").text("status")).isEqualTo("available");
  }

  @Test
  void longPollGivesUpAfterWaitSeconds() {
    startFixed(Duration.ofSeconds(60), Duration.ofSeconds(60));
    String id = snapshot("ecs-web-01-sys");
    long t0 = System.nanoTime();
    Api.Res r = tenantA.get("/v1/tenant-a/snapshots/" + id + "?wait_seconds=1");
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(900);
    assertThat(r.text("status")).isEqualTo("creating");
    assertThat(r.body().get("progress").asInt()).isBetween(0, 99);
  }

  @Test
  void hundredsOfConcurrentLongPollsAreServed() throws Exception {
    startFixed(Duration.ofMillis(1500), Duration.ofMillis(1500));
    String id = snapshot("ecs-web-01-sys");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(200);
    try {
      List<java.util.concurrent.Future<String>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        fs.add(pool.submit(() -> tenantA.get("/v1/tenant-a/snapshots/" + id + "?wait_seconds=20").text("status")));
      }
      for (var f : fs) {
        assertThat(f.get()).isEqualTo("available");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void backupGoesFromProtectingToAvailableAndUsesVaultSpace() {
    startFast();
    List<String> snaps = snapshotAll("ecs-web-01");
    Api.Res b = backup("ecs-web-01", "vault-backup", snaps);
    assertThat(b.status()).as("%s", b.body()).isEqualTo(201);
    assertThat(b.text("status")).isEqualTo("protecting");
    assertThat(b.body().get("incremental").asBoolean()).isFalse();
    assertThat(b.body().get("size_gib").asLong()).isEqualTo(240);
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-backup").body().get("used_gib").asLong()).isEqualTo(240);
    Api.Res done = awaitBackup(b.text("id"));
    assertThat(done.text("status")).isEqualTo("available");
    assertThat(done.body().get("progress").asInt()).isEqualTo(100);
    assertThat(tenantA.get("/v1/tenant-a/backups?server_id=ecs-web-01&vault_id=vault-backup&status=available").body().get("backups"))
        .hasSize(1);
  }

  @Test
  void backupRefusesUnusableVaultsAndUnfinishedSnapshots() {
    startFixed(Duration.ofSeconds(60), Duration.ofSeconds(1));
    assertThat(backup("ecs-web-01", "vault-replication", List.of()).code()).isEqualTo("VAULT_NOT_BACKUP_TYPE");
    assertThat(backup("ecs-web-01", "vault-other-region", List.of()).code()).isEqualTo("VAULT_REGION_MISMATCH");
    assertThat(backup("ecs-web-01", "vault-full", List.of()).code()).isEqualTo("VAULT_CAPACITY_EXCEEDED");
    assertThat(backup("ecs-web-01", "vault-nope", List.of()).status()).isEqualTo(404);
    assertThat(backup("ecs-web-01", "vault-backup", List.of("snap-existing-sys")).code()).isEqualTo("SNAPSHOT_NOT_OF_SERVER");
    String running = snapshot("ecs-web-01-sys");
    assertThat(backup("ecs-web-01", "vault-backup", List.of(running)).code()).isEqualTo("SNAPSHOTS_NOT_AVAILABLE");
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-backup").body().get("used_gib").asLong()).isZero();
  }

  @Test
  void snapshotOfADssDiskOrUnknownDiskIsRefused() {
    startFast();
    assertThat(tenantA.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-dss-data1\"}", key()).code())
        .isEqualTo("DSS_SNAPSHOT_UNSUPPORTED");
    assertThat(tenantA.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"nope\"}", key()).status()).isEqualTo(404);
    assertThat(tenantA.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-web-01-sys\",\"size\":3}", key()).msg())
        .contains("size");
  }

  @Test
  void tasksAdvanceWhileNobodyPollsAndAcrossRestarts() throws Exception {
    startFixed(Duration.ofMillis(800), Duration.ofMillis(800));
    String id = snapshot("ecs-web-01-sys");
    emu.close();
    Thread.sleep(1000);
    start(options().fixedDurations(Duration.ofMillis(800), Duration.ofMillis(800)));
    Api.Res r = tenantA.get("/v1/tenant-a/snapshots/" + id);
    assertThat(r.text("status")).isEqualTo("available");
  }
}
