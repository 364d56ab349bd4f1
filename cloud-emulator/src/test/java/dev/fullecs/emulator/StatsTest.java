package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark's hooks: the no-op call and the per-operation request timings. */
class StatsTest extends EmulatorTestBase {

  @Test
  void noopAnswersEmptyAndChangesNothing() {
    startFast();
    JsonNode before = admin.get("/admin/state").body();
    Api.Res r = tenantA.post("/v1/tenant-a/noop", "");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().size()).isZero();
    assertThat(service.post("/v1/tenant-a/noop", "").status()).isEqualTo(200);
    assertThat(tenantB.post("/v1/tenant-a/noop", "").status()).isEqualTo(404);
    JsonNode after = admin.get("/admin/state").body();
    assertThat(after.get("servers")).isEqualTo(before.get("servers"));
    assertThat(after.get("images")).isEqualTo(before.get("images"));
  }

  @Test
  void statsCountEachOperationAndKeepLongPollsApart() {
    startFixed(Duration.ofMillis(300), Duration.ofMillis(300));
    for (int i = 0; i < 5; i++) {
      tenantA.post("/v1/tenant-a/noop", "");
    }
    String snap = snapshot("ecs-web-01-sys");
    tenantA.get("/v1/tenant-a/snapshots/" + snap + "?wait_seconds=5");

    JsonNode stats = admin.get("/admin/stats").body();
    JsonNode ops = stats.get("operations");
    assertThat(ops.get("noop").get("count").asLong()).isEqualTo(5);
    assertThat(ops.get("create_snapshot").get("count").asLong()).isEqualTo(1);
    JsonNode longPoll = ops.get("get_snapshot_long_poll");
    assertThat(longPoll.get("count").asLong()).isEqualTo(1);
    assertThat(longPoll.get("max_ms").asDouble()).isGreaterThan(100);
    // "all" leaves the long-poll out: 5 no-ops and 1 create (the stats call itself is counted once it returns)
    assertThat(stats.get("all").get("count").asLong()).isEqualTo(6);
    assertThat(stats.get("all").get("p50_ms").asDouble()).isLessThanOrEqualTo(stats.get("all").get("p99_ms").asDouble());

    assertThat(admin.post("/admin/stats/reset", "").status()).isEqualTo(200);
    JsonNode cleared = admin.get("/admin/stats").body();
    assertThat(cleared.get("operations").has("noop")).isFalse();
  }
}
