package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real emulator process killed with kill -9 in the middle of a snapshot loses nothing it answered. */
class ProcessRestartTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  @TempDir
  Path dir;

  private Process process;

  private String launch(Path db) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(List.of(java, "-cp", cp, "dev.fullecs.emulator.EmulatorMain",
        "--port", "0", "--db", db.toString(), "--fixed-snapshot-seconds", "3", "--fixed-backup-seconds", "3"))
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
        url.completeExceptionally(new IllegalStateException("emulator exited before listening"));
      } catch (Exception e) {
        url.completeExceptionally(e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    return url.get(30, TimeUnit.SECONDS);
  }

  @Test
  void killMinus9InTheMiddleOfASnapshotLosesNothing() throws Exception {
    Path db = dir.resolve("cloud.db");
    Api a = new Api(launch(db), Api.TENANT_A);
    Api service = a.as(Api.SERVICE);
    assertThat(service.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"lock\":{\"holder\":\"img-k9\"}}").status()).isEqualTo(200);
    Api.Res snap = a.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-web-01-data1\"}", "k9-snap");
    assertThat(snap.status()).isEqualTo(201);
    assertThat(a.get("/v1/tenant-a/snapshots/" + snap.text("id")).text("status")).isEqualTo("creating");

    process.destroyForcibly();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

    Api b = new Api(launch(db), Api.TENANT_A);
    Api.Res after = b.get("/v1/tenant-a/snapshots/" + snap.text("id"));
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.text("created_at")).isEqualTo(snap.text("created_at"));
    assertThat(b.get("/v1/tenant-a/servers/ecs-web-01").text("lock_holder")).isEqualTo("img-k9");
    Api.Res done = b.get("/v1/tenant-a/snapshots/" + snap.text("id") + "?wait_seconds=10");
    assertThat(done.text("status")).isEqualTo("available");
    // the key survived too: a retry replays, nothing new
    assertThat(b.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-web-01-data1\"}", "k9-snap").text("id")).isEqualTo(snap.text("id"));
    assertThat(b.get("/v1/tenant-a/snapshots?disk_id=ecs-web-01-data1").body().get("snapshots")).hasSize(1);
  }

  @AfterEach
  void kill() throws Exception {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
