package dev.fullecs.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's side of the contract, against a stub that answers what each test wants. */
class HttpCloudClientTest {
  private static final String TOKEN = "tok-secret-123";

  private HttpServer server;
  private final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();
  private volatile int status = 200;
  private volatile String body = "{}";
  private volatile long delayMs = 0;
  /** The next this-many requests are answered 503 before the configured answer. */
  private final java.util.concurrent.atomic.AtomicInteger unavailableFirst =
      new java.util.concurrent.atomic.AtomicInteger();

  record Recorded(String method, String uri, Map<String, List<String>> headers, String body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange x) throws IOException {
    requests.add(
        new Recorded(
            x.getRequestMethod(), x.getRequestURI().toString(), Map.copyOf(x.getRequestHeaders()),
            new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    if (delayMs > 0) {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean unavailable = unavailableFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    byte[] out =
        (unavailable ? "{\"error_code\":\"SERVICE_UNAVAILABLE\"}" : body).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(unavailable ? 503 : status, out.length);
    x.getResponseBody().write(out);
    x.close();
  }

  private HttpCloudClient client() {
    return new HttpCloudClient(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), TOKEN,
        new HttpCloudClient.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1)));
  }

  private HttpCloudClient clientWithQuickRetries(int retries) {
    return new HttpCloudClient(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), TOKEN,
        new HttpCloudClient.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1)),
        retries);
  }

  // Quick retries (the worker's client): found by the chaos run, where a step of a dozen calls
  // failed whole attempts on any one transient fault.

  @Test
  void quickRetriesSendATransientFailureAgainWithTheSameKey() {
    reply(201, "{\"id\":\"snap-1\",\"status\":\"creating\"}");
    unavailableFirst.set(2);
    Snapshot s = clientWithQuickRetries(3).createSnapshot("t", "d1", "n", null, "key-1");
    assertThat(s.id()).isEqualTo("snap-1");
    assertThat(requests).hasSize(3)
        .allSatisfy(r -> assertThat(r.headers().get("Idempotency-key")).containsExactly("key-1"));
  }

  @Test
  void quickRetriesGiveUpAfterTheirNumberWithTheRetryableError() {
    unavailableFirst.set(10);
    CloudException e =
        catchThrowableOfType(CloudException.class, () -> clientWithQuickRetries(2).getImage("t", "i"));
    assertThat(e).isInstanceOf(CloudUnavailableException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(requests).hasSize(3);
  }

  @Test
  void quickRetriesLeaveRefusalsAndTimeoutsToTheActivity() {
    reply(409, "{\"error_code\":\"ECS_LOCKED\",\"error_msg\":\"locked\"}");
    assertThatThrownBy(() -> clientWithQuickRetries(3).lockServer("t", "ecs-1", "img-1", "k"))
        .isInstanceOf(CloudConflictException.class);
    assertThat(requests).hasSize(1);
    requests.clear();
    reply(200, "{}");
    delayMs = 3000;
    assertThatThrownBy(() -> clientWithQuickRetries(3).getImage("t", "i"))
        .isInstanceOf(CloudTimeoutException.class);
    assertThat(requests).hasSize(1);
  }

  /**
   * Issue 12, defect 5: the quick retries stay within the call's own bound, so a step sized from
   * that bound never times out while its call still runs (and then creates something late).
   */
  @Test
  void quickRetriesNeverStretchACallPastItsBound() {
    unavailableFirst.set(100);
    delayMs = 1500;
    HttpCloudClient.Timeouts timeouts =
        new HttpCloudClient.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
    HttpCloudClient c =
        new HttpCloudClient(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()), TOKEN, timeouts, 5);
    long start = System.nanoTime();
    assertThatThrownBy(() -> c.getImage("t", "i")).isInstanceOf(CloudUnavailableException.class);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isLessThanOrEqualTo(timeouts.maxCall());
    assertThat(requests).hasSizeLessThan(6);
  }

  @Test
  void withoutQuickRetriesATransientFailureIsThrownAtOnce() {
    unavailableFirst.set(1);
    assertThatThrownBy(() -> client().getImage("t", "i")).isInstanceOf(CloudUnavailableException.class);
    assertThat(requests).hasSize(1);
  }

  private void reply(int s, String b) {
    status = s;
    body = b;
  }

  @Test
  void readsSnakeCaseAndIgnoresUnknownFields() {
    reply(200, """
        {"id":"ecs-1","name":"web","tenant":"tenant-a","region":"cn-north-4","az":"cn-north-4a",
         "kind":"ECS","os":"WINDOWS","state":"RUNNING","flavor":"s6","hosts_database":true,
         "san_policy":"OfflineShared","spanned_volume":true,"multi_disk_logical_volume":false,
         "config_check_failed_items":["x"],"has_csbs_backup":true,"enterprise_project":"default",
         "lock_holder":"img-9","image_id":null,"brand_new_field":{"a":1},
         "disks":[{"id":"d1","size_gib":40,"role":"system","type":"SSD","az":"cn-north-4a"}]}""");

    Server s = client().getServer("tenant-a", "ecs-1");

    assertThat(s.hostsDatabase()).isTrue();
    assertThat(s.sanPolicy()).isEqualTo("OfflineShared");
    assertThat(s.spannedVolume()).isTrue();
    assertThat(s.configCheckFailedItems()).containsExactly("x");
    assertThat(s.lockHolder()).isEqualTo("img-9");
    assertThat(s.disks()).containsExactly(new Disk("d1", 40, "system", "SSD", "cn-north-4a"));
    Recorded r = requests.poll();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.uri()).isEqualTo("/v1/tenant-a/servers/ecs-1");
    assertThat(r.headers().get("X-auth-token")).containsExactly(TOKEN);
  }

  @Test
  void mutatingCallsSendTheIdempotencyKeyAndSnakeCaseBody() {
    reply(201, """
        {"id":"snap-1","disk_id":"d1","status":"creating","progress":0,"created_at":"2026-11-26T23:40:00Z"}""");

    Snapshot snap = client().createSnapshot("tenant-a", "d1", "img-1-d1", "img-1", "wf/run/snapshot/d1");

    assertThat(snap.status()).isEqualTo("creating");
    assertThat(snap.createdAt()).hasToString("2026-11-26T23:40:00Z");
    Recorded r = requests.poll();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri()).isEqualTo("/v1/tenant-a/snapshots");
    assertThat(r.headers().get("Idempotency-key")).containsExactly("wf/run/snapshot/d1");
    assertThat(r.body()).isEqualTo("{\"disk_id\":\"d1\",\"name\":\"img-1-d1\",\"image_id\":\"img-1\"}");
  }

  @Test
  void imageCallsFollowTheContract() {
    reply(200, "{\"id\":\"img-1\",\"status\":\"NORMAL\",\"available_azs\":[\"cn-north-4a\"]}");
    HttpCloudClient c = client();

    c.markImageNormal("t", "img-1", CloudClient.NormalScope.AZ, "k1");
    c.markImageError("t", "img-1", "snapshot failed", "k2");
    c.deleteImage("t", "img-1", false, "k3");
    c.lockServer("t", "ecs-1", "img-1", "k4");
    c.listSnapshots("t", ResourceFilter.byIdempotencyKey("a b/c"));

    List<Recorded> r = List.copyOf(requests);
    assertThat(r.get(0).body()).isEqualTo("{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"AZ\"}}");
    assertThat(r.get(1).body())
        .isEqualTo("{\"set_status\":{\"status\":\"ERROR\",\"reason\":\"snapshot failed\"}}");
    assertThat(r.get(2).method()).isEqualTo("DELETE");
    assertThat(r.get(2).uri()).isEqualTo("/v1/t/images/img-1?delete_backup=false");
    assertThat(r.get(2).headers().get("Idempotency-key")).containsExactly("k3");
    assertThat(r.get(3).uri()).isEqualTo("/v1/t/servers/ecs-1/action");
    assertThat(r.get(3).body()).isEqualTo("{\"lock\":{\"holder\":\"img-1\"}}");
    assertThat(r.get(4).uri()).isEqualTo("/v1/t/snapshots?idempotency_key=a+b%2Fc");
  }

  @Test
  void longPollAsksForTheWaitAndGetsMoreTimeThanIt() {
    reply(200, "{\"id\":\"snap-1\",\"status\":\"available\",\"progress\":100}");
    delayMs = 2500; // longer than the plain 2 s request timeout, shorter than 2 s wait + 1 s margin

    Snapshot s = client().waitForSnapshot("t", "snap-1", Duration.ofSeconds(2));

    assertThat(s.isAvailable()).isTrue();
    assertThat(requests.poll().uri()).isEqualTo("/v1/t/snapshots/snap-1?wait_seconds=2");
  }

  @Test
  void aWaitOverManyTasksIsOnePostWithoutAKeyThatGetsMoreTimeThanItsWait() {
    reply(200, "{\"snapshots\":[{\"id\":\"snap-1\",\"status\":\"available\",\"progress\":100}],"
        + "\"backups\":[],\"running\":[{\"id\":\"backup-1\",\"status\":\"protecting\",\"progress\":40}],"
        + "\"not_found\":[\"snap-9\"],\"deleted_images\":[]}");
    delayMs = 2500;

    TaskWait found = client().waitForTasks("t", List.of("snap-1", "snap-9"), List.of("backup-1"), List.of("img-1"),
        Duration.ofSeconds(2));

    assertThat(found.snapshots()).extracting(Snapshot::id).containsExactly("snap-1");
    assertThat(found.running()).containsExactly(new TaskWait.Running("backup-1", "protecting", 40));
    assertThat(found.notFound()).containsExactly("snap-9");
    assertThat(found.anyNews()).isTrue();
    Recorded r = requests.poll();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri()).isEqualTo("/v1/t/tasks/wait?wait_seconds=2");
    assertThat(r.headers()).doesNotContainKey("Idempotency-key");
    assertThat(r.body()).isEqualTo(
        "{\"snapshot_ids\":[\"snap-1\",\"snap-9\"],\"backup_ids\":[\"backup-1\"],\"image_ids\":[\"img-1\"]}");
  }

  @Test
  void anEmulatorWithoutTheWaitOverManyTasksIsAskedTaskByTask() {
    reply(404, "{\"error_code\":\"ROUTE_NOT_FOUND\",\"error_msg\":\"no such endpoint\"}");
    ImageCloud cloud = new dev.fullecs.cloud.emulator.EmulatorImageCloud(client());
    // Every answer is that 404: the snapshot reads find nothing either, which is news at once.
    TaskWait found = cloud.waitForTasks("t", List.of("snap-1"), List.of(), List.of(), Duration.ofSeconds(2));
    assertThat(found.notFound()).containsExactly("snap-1");
    assertThat(requests.stream().map(Recorded::uri))
        .containsExactly("/v1/t/tasks/wait?wait_seconds=2", "/v1/t/snapshots/snap-1?wait_seconds=0");
    requests.clear();
    cloud.waitForTasks("t", List.of("snap-1"), List.of(), List.of(), Duration.ofSeconds(2));
    assertThat(requests.stream().map(Recorded::uri)).containsExactly("/v1/t/snapshots/snap-1?wait_seconds=0");
  }

  @Test
  void errorsAreTypedAndSayWhetherRetryingHelps() {
    record Case(int status, Class<? extends CloudException> type, boolean retryable) {}
    List<Case> cases =
        List.of(
            new Case(400, CloudInvalidRequestException.class, false),
            new Case(401, CloudForbiddenException.class, false),
            new Case(403, CloudForbiddenException.class, false),
            new Case(404, CloudNotFoundException.class, false),
            new Case(409, CloudConflictException.class, false),
            new Case(422, CloudInvalidRequestException.class, false),
            new Case(429, CloudThrottledException.class, true),
            new Case(500, CloudUnavailableException.class, true),
            new Case(503, CloudUnavailableException.class, true));
    for (Case c : cases) {
      reply(c.status(), "{\"error_code\":\"CODE_" + c.status() + "\",\"error_msg\":\"because " + c.status() + "\"}");
      CloudException e =
          catchThrowableOfType(CloudException.class, () -> client().getImage("t", "img-1"));
      assertThat(e).as("status %d", c.status()).isInstanceOf(c.type());
      assertThat(e.retryable()).as("status %d", c.status()).isEqualTo(c.retryable());
      assertThat(e.httpStatus()).isEqualTo(c.status());
      assertThat(e.errorCode()).isEqualTo("CODE_" + c.status());
      assertThat(e.getMessage()).contains("because " + c.status()).doesNotContain(TOKEN);
    }
  }

  @Test
  void conflictKeepsTheErrorCode() {
    reply(409, "{\"error_code\":\"ECS_LOCKED\",\"error_msg\":\"server ecs-1 is locked by image img-9 while it is being created\"}");
    assertThatThrownBy(() -> client().lockServer("t", "ecs-1", "img-1", "k"))
        .isInstanceOfSatisfying(
            CloudConflictException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ECS_LOCKED");
              assertThat(e.getMessage()).contains("img-9");
              // the cloud's own sentence, without the call, for messages a user reads
              assertThat(e.reason()).isEqualTo("server ecs-1 is locked by image img-9 while it is being created");
            });
  }

  @Test
  void errorWithoutJsonBodyStillHasItsType() {
    reply(502, "<html>bad gateway</html>");
    CloudException e = catchThrowableOfType(CloudException.class, () -> client().getImage("t", "i"));
    assertThat(e).isInstanceOf(CloudUnavailableException.class);
    assertThat(e.errorCode()).isNull();
  }

  @Test
  void noAnswerInTimeIsARetryableTimeout() {
    delayMs = 3000;
    CloudException e = catchThrowableOfType(CloudException.class, () -> client().getImage("t", "i"));
    assertThat(e).isInstanceOf(CloudTimeoutException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).doesNotContain(TOKEN);
  }

  @Test
  void connectionClosedWithoutResponseIsARetryableLostResponse() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      Thread t =
          new Thread(
              () -> {
                try (Socket s = socket.accept()) {
                  s.getInputStream().read(new byte[4096]); // read the request, answer nothing
                } catch (IOException ignored) {
                  // the test only needs the connection closed
                }
              });
      t.start();
      HttpCloudClient c =
          new HttpCloudClient(URI.create("http://127.0.0.1:" + socket.getLocalPort()), TOKEN);
      CloudException e =
          catchThrowableOfType(
              CloudException.class, () -> c.createSnapshot("t", "d1", "n", null, "key-1"));
      t.join();
      assertThat(e).isInstanceOf(CloudUnavailableException.class);
      assertThat(e.retryable()).isTrue();
      assertThat(e.httpStatus()).isZero();
      assertThat(e.getMessage()).doesNotContain(TOKEN);
    }
  }

  @Test
  void nobodyListeningIsRetryableUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpCloudClient c = new HttpCloudClient(URI.create("http://127.0.0.1:" + port), TOKEN);
    CloudException e = catchThrowableOfType(CloudException.class, () -> c.whoami("t"));
    assertThat(e).isInstanceOf(CloudUnavailableException.class);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void mutatingCallWithoutKeyIsRefusedBeforeSending() {
    assertThatThrownBy(() -> client().createSnapshot("t", "d1", "n", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(requests).isEmpty();
  }

  @Test
  void toStringNeverShowsTheToken() {
    assertThat(client().toString()).doesNotContain(TOKEN);
  }
}
