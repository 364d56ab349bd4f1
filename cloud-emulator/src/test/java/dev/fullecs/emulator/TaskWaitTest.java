package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/{tenant}/tasks/wait}: one long-poll over many snapshots and backups. */
class TaskWaitTest extends EmulatorTestBase {

  private Api.Res await(String body, int waitSeconds) {
    return tenantA.post("/v1/tenant-a/tasks/wait?wait_seconds=" + waitSeconds, body);
  }

  private static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.get("id").asText()));
    return out;
  }

  @Test
  void anUnknownTaskIsNewsAtOnceWithTheProgressOfTheOthers() {
    startFixed(Duration.ofSeconds(30), Duration.ofSeconds(30));
    String slow = snapshot("ecs-web-01-data1");
    long t0 = System.nanoTime();
    Api.Res r = await("{\"snapshot_ids\":[\"" + slow + "\"],\"backup_ids\":[\"backup-nope\"]}", 20);
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
    assertThat(ids(r.body().get("not_found"))).containsExactly("backup-nope");
    assertThat(ids(r.body().get("running"))).containsExactly(slow);
    assertThat(r.body().get("running").get(0).get("status").asText()).isEqualTo("creating");
    assertThat(r.body().get("snapshots")).isEmpty();
  }

  @Test
  void waitsUntilOneEndsAndAnswersItInFull() {
    startFixed(Duration.ofMillis(1500), Duration.ofMillis(1500));
    List<String> snaps = List.of(snapshot("ecs-web-01-sys"), snapshot("ecs-web-01-data1"));
    long t0 = System.nanoTime();
    Api.Res r = await("{\"snapshot_ids\":[\"" + snaps.get(0) + "\",\"" + snaps.get(1) + "\"]}", 20);
    long waited = (System.nanoTime() - t0) / 1_000_000;
    assertThat(waited).isBetween(700L, 10_000L);
    assertThat(ids(r.body().get("snapshots"))).containsAnyElementsOf(snaps);
    JsonNode first = r.body().get("snapshots").get(0);
    assertThat(first.get("status").asText()).isEqualTo("available");
    assertThat(first.get("progress").asInt()).isEqualTo(100);
    assertThat(first.get("disk_id").asText()).startsWith("ecs-web-01-");

    List<String> all = snapshotAll("ecs-single-disk");
    String backup = backup("ecs-single-disk", "vault-backup", all).text("id");
    Api.Res b = await("{\"backup_ids\":[\"" + backup + "\"]}", 20);
    assertThat(ids(b.body().get("backups"))).containsExactly(backup);
    assertThat(b.body().get("backups").get(0).get("status").asText()).isEqualTo("available");
  }

  @Test
  void givesUpAfterTheWaitWithTheProgressOfEach() {
    startFixed(Duration.ofSeconds(60), Duration.ofSeconds(60));
    String id = snapshot("ecs-web-01-sys");
    long t0 = System.nanoTime();
    Api.Res r = await("{\"snapshot_ids\":[\"" + id + "\"]}", 1);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(900);
    assertThat(r.body().get("snapshots")).isEmpty();
    assertThat(r.body().get("running").get(0).get("progress").asInt()).isBetween(0, 99);
  }

  @Test
  void theDeletionOfANamedImageEndsTheWait() throws Exception { // F11a
    startFixed(Duration.ofSeconds(60), Duration.ofSeconds(60));
    createImage("img-w", "ecs-web-01", "waited");
    String id = snapshot("ecs-web-01-sys");
    Thread deleter = new Thread(() -> {
      try {
        Thread.sleep(800);
      } catch (InterruptedException e) {
        return;
      }
      tenantA.delete("/v1/tenant-a/images/img-w", key());
    });
    deleter.start();
    long t0 = System.nanoTime();
    Api.Res r = await("{\"snapshot_ids\":[\"" + id + "\"],\"image_ids\":[\"img-w\",\"img-unknown\"]}", 20);
    deleter.join();
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(500L, 5_000L);
    assertThat(ids(r.body().get("deleted_images"))).containsExactly("img-w");
    assertThat(ids(r.body().get("running"))).containsExactly(id);
  }

  @Test
  void nothingToWaitForIsRefused() {
    startFast();
    Api.Res r = await("{}", 1);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("INVALID_REQUEST");
    assertThat(await("{\"snapshot_ids\":[],\"disk_ids\":[\"x\"]}", 1).status()).isEqualTo(400);
  }

  @Test
  void anotherTenantsTasksAreNotFound() {
    startFixed(Duration.ofSeconds(60), Duration.ofSeconds(60));
    String id = snapshot("ecs-web-01-sys");
    Api.Res r = tenantB.post("/v1/tenant-b/tasks/wait?wait_seconds=1", "{\"snapshot_ids\":[\"" + id + "\"]}");
    assertThat(ids(r.body().get("not_found"))).containsExactly(id);
    assertThat(tenantB.post("/v1/tenant-a/tasks/wait", "{\"snapshot_ids\":[\"" + id + "\"]}").status()).isEqualTo(404);
  }
}
