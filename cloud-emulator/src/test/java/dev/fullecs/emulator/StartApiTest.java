package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartApiTest extends EmulatorTestBase {
  @Test
  void startsInProcessOnAnEphemeralPortWithTheDefaultInventory() {
    startFast();
    assertThat(emu.baseUrl()).startsWith("http://127.0.0.1:");
    Api.Res r = tenantA.get("/v1/tenant-a/servers/ecs-web-01");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("disks")).hasSize(3);
    assertThat(tenantA.get("/v1/tenant-a/whoami").text("kind")).isEqualTo("tenant");
    assertThat(service.get("/v1/tenant-b/whoami").text("kind")).isEqualTo("service");
  }

  @Test
  void closeStopsTheServerAndReleasesTheDatabase() {
    startFast();
    String url = emu.baseUrl();
    emu.close();
    emu = null;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Api(url, Api.TENANT_A).get("/v1/tenant-a/whoami"))
        .isInstanceOf(java.io.UncheckedIOException.class);
    start(options());
    assertThat(tenantA.get("/v1/tenant-a/whoami").status()).isEqualTo(200);
  }
}
