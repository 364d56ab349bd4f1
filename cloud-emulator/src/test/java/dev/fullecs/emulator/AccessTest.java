package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant isolation (F22) and credential kinds (F23) on every resource type. */
class AccessTest extends EmulatorTestBase {
  static final List<String> TENANT_A_READS = List.of(
      "/v1/tenant-a/whoami", "/v1/tenant-a/settings", "/v1/tenant-a/regions",
      "/v1/tenant-a/servers", "/v1/tenant-a/servers/ecs-web-01",
      "/v1/tenant-a/snapshots", "/v1/tenant-a/snapshots/snap-existing-sys",
      "/v1/tenant-a/backups", "/v1/tenant-a/backups/backup-existing",
      "/v1/tenant-a/vaults", "/v1/tenant-a/vaults/vault-backup",
      "/v1/tenant-a/images", "/v1/tenant-a/images/img-existing");

  @BeforeEach
  void up() {
    startFast();
  }

  @Test
  void ownTokenAndServiceTokenReadEverything() {
    for (String path : TENANT_A_READS) {
      assertThat(tenantA.get(path).status()).as(path).isEqualTo(200);
      assertThat(service.get(path).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void anotherTenantsTokenGets404OnEveryPath() {
    for (String path : TENANT_A_READS) {
      Api.Res r = tenantB.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
    }
  }

  @Test
  void anotherTenantsIdsAre404InOnesOwnPathAndNothingChanges() {
    String before = admin.get("/admin/state").body().get("servers").toString();
    for (String id : List.of("/servers/ecs-web-01", "/snapshots/snap-existing-sys", "/backups/backup-existing",
        "/vaults/vault-backup", "/images/img-existing")) {
      assertThat(tenantB.get("/v1/tenant-b" + id).status()).as(id).isEqualTo(404);
    }
    assertThat(tenantB.post("/v1/tenant-b/servers/ecs-web-01/action", "{\"stop\":{}}").status()).isEqualTo(404);
    assertThat(service.post("/v1/tenant-b/servers/ecs-web-01/action", "{\"lock\":{\"holder\":\"i\"}}").status()).isEqualTo(404);
    assertThat(tenantB.post("/v1/tenant-b/snapshots", "{\"disk_id\":\"ecs-web-01-sys\"}", key()).status()).isEqualTo(404);
    assertThat(tenantB.post("/v1/tenant-b/backups", "{\"server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\"}", key()).status())
        .isEqualTo(404);
    assertThat(tenantB.post("/v1/tenant-b/backups", "{\"server_id\":\"ecs-b-01\",\"vault_id\":\"vault-backup\"}", key()).status())
        .isEqualTo(404);
    assertThat(tenantB.delete("/v1/tenant-b/images/img-existing").status()).isEqualTo(404);
    assertThat(tenantB.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"stop\":{}}").status()).isEqualTo(404);
    assertThat(tenantB.delete("/v1/tenant-a/images/img-existing").status()).isEqualTo(404);
    assertThat(admin.get("/admin/state").body().get("servers").toString()).isEqualTo(before);
    assertThat(tenantA.get("/v1/tenant-a/images/img-existing").text("status")).isEqualTo("NORMAL");
    assertThat(tenantB.get("/v1/tenant-b/images").body().get("images")).isEmpty();
  }

  @Test
  void missingUnknownAndRevokedTokensAre401() {
    assertThat(tenantA.as(null).get("/v1/tenant-a/servers").code()).isEqualTo("AUTH_REQUIRED");
    assertThat(tenantA.as("tok-nope").get("/v1/tenant-a/servers").code()).isEqualTo("INVALID_TOKEN");
    assertThat(admin.post("/admin/tokens/revoke", "{\"token\":\"tok-tenant-b\"}").status()).isEqualTo(200);
    assertThat(tenantB.get("/v1/tenant-b/servers").status()).isEqualTo(401);
    restart();
    assertThat(tenantB.get("/v1/tenant-b/servers").status()).isEqualTo(401);
    assertThat(tenantA.get("/v1/tenant-a/servers").status()).isEqualTo(200);
  }

  @Test
  void adminTokenIsForAdminOnlyAndAdminNeedsIt() {
    assertThat(admin.get("/v1/tenant-a/servers").status()).isEqualTo(403);
    for (String path : List.of("/admin/state", "/admin/audit", "/admin/faults")) {
      assertThat(tenantA.get(path).status()).as(path).isEqualTo(403);
      assertThat(service.get(path).status()).as(path).isEqualTo(403);
      assertThat(tenantA.as(null).get(path).status()).as(path).isEqualTo(401);
      assertThat(admin.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(tenantA.post("/admin/servers/ecs-locked/force-unlock", "").status()).isEqualTo(403);
    assertThat(tenantA.put("/admin/faults", "{\"outage\":true}").status()).isEqualTo(403);
  }

  @Test
  void tenantTokenMayDeleteItsImagesButServiceOnlyActionsAre403() {
    assertThat(tenantA.post("/v1/tenant-a/images/img-existing/action", "{\"set_retained\":{\"note\":\"x\"}}").status()).isEqualTo(403);
    assertThat(tenantA.delete("/v1/tenant-a/images/img-existing").text("status")).isEqualTo("DELETED");
    assertThat(service.delete("/v1/tenant-a/images/img-other-creation").text("status")).isEqualTo("DELETED");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-locked").body().get("lock_holder").isNull()).isTrue();
  }

  @Test
  void unknownRoutesAndMethods() {
    assertThat(tenantA.get("/v1/tenant-a/nothing").status()).isEqualTo(404);
    assertThat(tenantA.delete("/v1/tenant-a/servers/ecs-web-01").status()).isEqualTo(405);
    assertThat(tenantA.as(null).get("/openapi.yaml").status()).isEqualTo(200);
  }
}
