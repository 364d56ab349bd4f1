package dev.fullecs.emulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures requests/s for GET server and POST snapshot, and the demo server's snapshot and backup
 * durations at time scale 1.0. Usage (see README): {@code EmulatorBench [seconds-per-phase] [threads]}.
 */
public final class EmulatorBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path dir = Files.createTempDirectory("emulator-bench");
    // Snapshots in the throughput phase are never waited for; keep them short so the region count stays sane.
    try (CloudEmulator emu = CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("bench.db")).port(0))) {
      String base = emu.baseUrl();
      rate("warm-up GET", base, 2, threads, i -> get(base + "/v1/tenant-a/servers/ecs-web-01"));
      rate("GET /v1/tenant-a/servers/ecs-web-01", base, seconds, threads, i -> get(base + "/v1/tenant-a/servers/ecs-web-01"));
      rate("POST /v1/tenant-a/snapshots", base, seconds, threads,
          i -> post(base + "/v1/tenant-a/snapshots", "{\"disk_id\":\"ecs-single-disk-sys\"}", "bench-" + i));
    }
    try (CloudEmulator emu = CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("demo.db")).port(0))) {
      demo(emu.baseUrl());
    }
  }

  private interface Req {
    int call(long i) throws Exception;
  }

  private static void rate(String name, String base, int seconds, int threads, Req req) throws Exception {
    AtomicLong seq = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> fs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      fs.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          int status = req.call(seq.incrementAndGet());
          (status < 300 ? ok : failed).incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%-40s %6d ok %4d failed in %5.1f s with %d threads: %8.0f req/s%n",
        name, ok.get(), failed.get(), secs, threads, ok.get() / secs);
  }

  private static void demo(String base) throws Exception {
    JsonNode server = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/v1/tenant-a/servers/ecs-web-01"))).body());
    Instant t0 = Instant.now();
    List<String> snaps = new ArrayList<>();
    for (JsonNode d : server.get("disks")) {
      JsonNode s = JSON.readTree(postBody(base + "/v1/tenant-a/snapshots", "{\"disk_id\":\"" + d.get("id").asText() + "\"}", "demo-" + d.get("id").asText()));
      snaps.add(s.get("id").asText());
    }
    for (String id : snaps) {
      awaitDone(base + "/v1/tenant-a/snapshots/" + id, "creating");
    }
    Duration snapTime = Duration.between(t0, Instant.now());
    Instant t1 = Instant.now();
    String body = "{\"server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\",\"snapshot_ids\":[\"" + String.join("\",\"", snaps) + "\"]}";
    JsonNode b = JSON.readTree(postBody(base + "/v1/tenant-a/backups", body, "demo-backup"));
    awaitDone(base + "/v1/tenant-a/backups/" + b.get("id").asText(), "protecting");
    Duration backupTime = Duration.between(t1, Instant.now());
    Instant t2 = Instant.now();
    JsonNode b2 = JSON.readTree(postBody(base + "/v1/tenant-a/backups", body, "demo-backup-2"));
    awaitDone(base + "/v1/tenant-a/backups/" + b2.get("id").asText(), "protecting");
    Duration incTime = Duration.between(t2, Instant.now());
    System.out.printf("demo server ecs-web-01 at time scale 1.0: snapshots (3 disks, concurrent) %.1f s,"
            + " full backup %.1f s, total %.1f s; second (incremental) backup %.1f s%n",
        snapTime.toMillis() / 1000.0, backupTime.toMillis() / 1000.0,
        (snapTime.toMillis() + backupTime.toMillis()) / 1000.0, incTime.toMillis() / 1000.0);
  }

  private static void awaitDone(String url, String running) throws Exception {
    while (true) {
      JsonNode n = JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + "?wait_seconds=30"))).body());
      if (!running.equals(n.get("status").asText())) {
        return;
      }
    }
  }

  private static int get(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url))).statusCode();
  }

  private static int post(String url, String json, String key) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(json))).statusCode();
  }

  private static String postBody(String url, String json, String key) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(json))).body();
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.header("X-Auth-Token", "tok-tenant-a").build(), HttpResponse.BodyHandlers.ofString());
  }
}
