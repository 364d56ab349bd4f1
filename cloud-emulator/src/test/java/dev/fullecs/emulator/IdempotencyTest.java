package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: replay, restart, different body, lookup by key. */
class IdempotencyTest extends EmulatorTestBase {
  private static final String BODY = "{\"disk_id\":\"ecs-web-01-data1\",\"name\":\"s\"}";

  @Test
  void sameKeyTwiceReturnsTheFirstAnswerAndCreatesNothing() {
    startFixed(Duration.ofSeconds(5), Duration.ofSeconds(5));
    Api.Res first = tenantA.post("/v1/tenant-a/snapshots", BODY, "k-1");
    Api.Res again = tenantA.post("/v1/tenant-a/snapshots", "{ \"name\": \"s\", \"disk_id\": \"ecs-web-01-data1\" }", "k-1");
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(tenantA.get("/v1/tenant-a/snapshots?disk_id=ecs-web-01-data1").body().get("snapshots")).hasSize(1);
    Api.Res byKey = tenantA.get("/v1/tenant-a/snapshots?idempotency_key=k-1");
    assertThat(byKey.body().get("snapshots")).hasSize(1);
    assertThat(byKey.body().get("snapshots").get(0).get("id")).isEqualTo(first.body().get("id"));
    assertThat(tenantA.get("/v1/tenant-a/snapshots?idempotency_key=k-none").body().get("snapshots")).isEmpty();
  }

  @Test
  void sameKeyAfterARestartStillReplays() {
    startFast();
    Api.Res first = tenantA.post("/v1/tenant-a/snapshots", BODY, "k-1");
    restart();
    Api.Res again = tenantA.post("/v1/tenant-a/snapshots", BODY, "k-1");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(tenantA.get("/v1/tenant-a/snapshots?disk_id=ecs-web-01-data1").body().get("snapshots")).hasSize(1);
  }

  @Test
  void sameKeyDifferentBodyIsRefused() {
    startFast();
    tenantA.post("/v1/tenant-a/snapshots", BODY, "k-1");
    Api.Res other = tenantA.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-web-01-data2\"}", "k-1");
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(tenantA.get("/v1/tenant-a/snapshots?disk_id=ecs-web-01-data2").body().get("snapshots")).isEmpty();
    // the same key on another endpoint is a different request too
    assertThat(tenantA.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"stop\":{}}", "k-1").code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void keysAreRequiredOnCreatesAndScopedByTenant() {
    startFast();
    assertThat(tenantA.post("/v1/tenant-a/snapshots", BODY).code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
    tenantA.post("/v1/tenant-a/snapshots", BODY, "k-shared");
    Api.Res b = tenantB.post("/v1/tenant-b/snapshots", "{\"disk_id\":\"ecs-b-01-sys\"}", "k-shared");
    assertThat(b.status()).isEqualTo(201);
  }

  @Test
  void backupsImagesAndActionsReplayToo() {
    startFast();
    Api.Res lock1 = service.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"lock\":{\"holder\":\"img-1\"}}", "lock-1");
    service.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"unlock\":{\"holder\":\"img-1\"}}", "unlock-1");
    Api.Res lockAgain = service.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"lock\":{\"holder\":\"img-1\"}}", "lock-1");
    assertThat(lockAgain.body()).isEqualTo(lock1.body());
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").body().get("lock_holder").isNull()).isTrue();

    lock("ecs-web-01", "img-1");
    String img = "{\"id\":\"img-1\",\"name\":\"n\",\"source_server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\"}";
    Api.Res i1 = service.post("/v1/tenant-a/images", img, "img-key");
    assertThat(service.post("/v1/tenant-a/images", img, "img-key").body()).isEqualTo(i1.body());
    assertThat(tenantA.get("/v1/tenant-a/images?idempotency_key=img-key").body().get("images")).hasSize(1);

    var snaps = snapshotAll("ecs-web-01");
    String body = "{\"server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\",\"snapshot_ids\":[\"" + String.join("\",\"", snaps) + "\"]}";
    Api.Res b1 = tenantA.post("/v1/tenant-a/backups", body, "bk-key");
    assertThat(tenantA.post("/v1/tenant-a/backups", body, "bk-key").body()).isEqualTo(b1.body());
    assertThat(tenantA.get("/v1/tenant-a/backups?server_id=ecs-web-01").body().get("backups")).hasSize(1);
    assertThat(tenantA.get("/v1/tenant-a/backups?idempotency_key=bk-key").body().get("backups")).hasSize(1);
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-backup").body().get("used_gib").asLong()).isEqualTo(240);
  }

  @Test
  void aRefusedRequestIsNotRecordedSoARetryIsEvaluatedAfresh() {
    startFast();
    lock("ecs-web-01", "img-1");
    assertThat(tenantA.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"stop\":{}}", "stop-1").code()).isEqualTo("ECS_LOCKED");
    unlock("ecs-web-01", "img-1");
    assertThat(tenantA.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"stop\":{}}", "stop-1").text("state")).isEqualTo("STOPPED");
  }
}
