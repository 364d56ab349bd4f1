package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault kind, set at run time through the admin API. */
class FaultTest extends EmulatorTestBase {
  @BeforeEach
  void up() {
    startFast();
  }

  @Test
  void noFaultsByDefault() {
    Api.Res f = admin.get("/admin/faults");
    assertThat(f.body().get("outage").asBoolean()).isFalse();
    assertThat(f.body().get("operations")).isEmpty();
  }

  @Test
  void throttled429AndNothingChanges() {
    setFaults("{\"operations\":{\"create_snapshot\":{\"p429\":1}}}");
    Api.Res r = tenantA.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-web-01-sys\"}", "k");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.code()).isEqualTo("THROTTLED");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").status()).isEqualTo(200);
    setFaults("{}");
    assertThat(tenantA.get("/v1/tenant-a/snapshots?idempotency_key=k").body().get("snapshots")).isEmpty();
  }

  @Test
  void internalError500AndUnavailable503() {
    setFaults("{\"operations\":{\"get_server\":{\"p500\":1},\"list_servers\":{\"p503\":1}}}");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").status()).isEqualTo(500);
    assertThat(tenantA.get("/v1/tenant-a/servers").status()).isEqualTo(503);
    assertThat(tenantA.get("/v1/tenant-a/vaults").status()).isEqualTo(200);
  }

  @Test
  void starAppliesToEveryOperationAndOwnEntryWins() {
    setFaults("{\"operations\":{\"*\":{\"p503\":1},\"whoami\":{}}}");
    assertThat(tenantA.get("/v1/tenant-a/vaults").status()).isEqualTo(503);
    assertThat(tenantA.get("/v1/tenant-a/images").status()).isEqualTo(503);
    assertThat(tenantA.get("/v1/tenant-a/whoami").status()).isEqualTo(200);
    assertThat(admin.get("/admin/state").status()).isEqualTo(200);
  }

  @Test
  void addedDelay() {
    setFaults("{\"operations\":{\"get_vault\":{\"delay_ms\":400}}}");
    long t0 = System.nanoTime();
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-backup").status()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(400);
  }

  @Test
  void hangPastTheClientTimeoutChangesNothing() {
    setFaults("{\"operations\":{\"server_action\":{\"p_hang\":1,\"hang_ms\":2000}}}");
    Api impatient = tenantA.withTimeout(Duration.ofMillis(300));
    assertThatThrownBy(() -> impatient.sendOrThrow("POST", "/v1/tenant-a/servers/ecs-web-01/action", "{\"stop\":{}}", null))
        .isInstanceOf(HttpTimeoutException.class);
    setFaults("{}");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").text("state")).isEqualTo("RUNNING");
  }

  @Test
  void lostResponseCommitsTheChangeAndDropsTheAnswer() {
    setFaults("{\"operations\":{\"create_snapshot\":{\"p_lost_response\":1}}}");
    assertThatThrownBy(() -> tenantA.sendOrThrow("POST", "/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-web-01-sys\"}", "lost-1"))
        .isInstanceOf(IOException.class);
    setFaults("{}");
    Api.Res found = tenantA.get("/v1/tenant-a/snapshots?idempotency_key=lost-1");
    assertThat(found.body().get("snapshots")).hasSize(1);
    // the retry with the same key gets the first answer, not a second snapshot
    Api.Res retry = tenantA.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-web-01-sys\"}", "lost-1");
    assertThat(retry.text("id")).isEqualTo(found.body().get("snapshots").get(0).get("id").asText());
    assertThat(tenantA.get("/v1/tenant-a/snapshots?disk_id=ecs-web-01-sys").body().get("snapshots")).hasSize(1);
  }

  @Test
  void outageRefusesEveryTenantCallButNotAdmin() {
    setFaults("{\"outage\":true}");
    Api.Res r = tenantA.get("/v1/tenant-a/servers");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.code()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(service.post("/v1/tenant-a/servers/ecs-locked/action", "{\"unlock\":{\"holder\":\"img-other-creation\"}}").status())
        .isEqualTo(503);
    assertThat(admin.get("/admin/faults").body().get("outage").asBoolean()).isTrue();
    setFaults("{\"outage\":false}");
    assertThat(tenantA.get("/v1/tenant-a/servers").status()).isEqualTo(200);
  }

  @Test
  void taskErrorMakesSnapshotsAndBackupsEndInError() {
    setFaults("{\"operations\":{\"create_snapshot\":{\"p_task_error\":1}}}");
    String failed = snapshot("ecs-single-disk-sys");
    assertThat(awaitSnapshot(failed).text("status")).isEqualTo("error");
    setFaults("{\"operations\":{\"create_backup\":{\"p_task_error\":1}}}");
    String ok = snapshot("ecs-single-disk-sys");
    assertThat(awaitSnapshot(ok).text("status")).isEqualTo("available");
    Api.Res b = backup("ecs-web-01", "vault-backup", java.util.List.of());
    assertThat(awaitBackup(b.text("id")).text("status")).isEqualTo("error");
  }

  @Test
  void refusalAnswersEveryRequestOfTheOperationUntilLiftedAndChangesNothing() {
    assertThat(createImage("img-refused", "ecs-web-01", "refused").status()).isEqualTo(201);
    setFaults("{\"operations\":{\"delete_image\":{\"refuse_status\":409,\"refuse_code\":\"IMAGE_BUSY\"}}}");
    for (int i = 0; i < 3; i++) {
      Api.Res r = service.delete("/v1/tenant-a/images/img-refused");
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.code()).isEqualTo("IMAGE_BUSY");
    }
    assertThat(tenantA.get("/v1/tenant-a/images/img-refused").text("status")).isEqualTo("CREATING");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").text("lock_holder")).isEqualTo("img-refused");
    assertThat(imageAction("img-refused", "{\"set_retained\":{\"note\":\"kept\"}}").status()).isEqualTo(200);

    setFaults("{\"operations\":{\"*\":{\"refuse_status\":403,\"refuse_code\":\"POLICY_DENIED\"}}}");
    assertThat(tenantA.get("/v1/tenant-a/vaults").code()).isEqualTo("POLICY_DENIED");
    assertThat(admin.get("/admin/state").status()).isEqualTo(200);

    setFaults("{}");
    Api.Res deleted = service.delete("/v1/tenant-a/images/img-refused");
    assertThat(deleted.text("status")).isEqualTo("DELETED");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").body().get("lock_holder").isNull()).isTrue();
  }

  @Test
  void aTransientFaultIsDrawnBeforeTheRefusal() {
    setFaults("{\"operations\":{\"get_vault\":{\"p503\":1,\"refuse_status\":409}}}");
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-backup").status()).isEqualTo(503);
    setFaults("{\"operations\":{\"get_vault\":{\"refuse_status\":409}}}");
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-backup").code()).isEqualTo("REFUSED");
  }

  @Test
  void invalidFaultsAreRefused() {
    assertThat(admin.put("/admin/faults", "{\"operations\":{\"x\":{\"p429\":2}}}").status()).isEqualTo(400);
    assertThat(admin.put("/admin/faults", "{\"operations\":{\"x\":{\"p_boom\":1}}}").status()).isEqualTo(400);
    assertThat(admin.put("/admin/faults", "{\"operations\":{\"x\":{\"refuse_status\":200}}}").status()).isEqualTo(400);
    assertThat(admin.put("/admin/faults", "{\"operations\":{\"x\":{\"refuse_status\":409,\"refuse_code\":\"no\"}}}").status())
        .isEqualTo(400);
  }
}
