package dev.fullecs.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link CloudClient} over the HTTP/JSON contract of {@code docs/cloud-api.md}, with {@code
 * java.net.http} and Jackson. Thread-safe; one instance per credential. The token goes in {@code
 * X-Auth-Token} and nowhere else: not in messages, not in {@link #toString()}.
 */
public final class HttpCloudClient implements CloudClient {

  /**
   * Timeouts. A long-poll call gets its wait plus {@code longPollMargin}. Whatever the quick
   * retries do, one call never takes longer than {@link #maxCall(Duration)} of its timeout: a step
   * sized from it cannot time out while its call still runs (and then create something after the
   * workflow moved on, F11).
   */
  public record Timeouts(Duration connect, Duration request, Duration longPollMargin) {
    /** Tests and the starter: generous, since a person waits on one call at a time. */
    public static Timeouts defaults() {
      return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /**
     * The worker's: a call ends within 26 s and a 5 s long-poll within 16 s, well inside a short
     * step's start-to-close and a waiting step's heartbeat timeout (checked by the worker's tests).
     */
    public static Timeouts worker() {
      return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(5));
    }

    /** The longest one call with this timeout can take, quick retries included. */
    public Duration maxCall(Duration timeout) {
      return connect.plus(timeout).plus(SLACK);
    }

    /** The longest one ordinary call can take. */
    public Duration maxCall() {
      return maxCall(request);
    }

    /** The longest one long-poll of {@code wait} can take. */
    public Duration maxLongPoll(Duration wait) {
      return maxCall(capWait(wait).plus(longPollMargin));
    }
  }

  /** What a call may take past its deadline: the answer being read, the thread being woken. */
  private static final Duration SLACK = Duration.ofSeconds(1);

  /** The cloud caps long-polls at 30 s. */
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /**
   * Quick retries the worker's client makes of a call that failed transiently and at once (429,
   * 5xx, connection closed or refused), before the error reaches the activity. Without them, a
   * step that needs a dozen calls (validation, the cleanup of an 8-disk creation) fails a whole
   * attempt whenever any one call does: at 20 % faults per call most attempts fail, validation
   * exhausts its 10 attempts for about 1 creation in 20, and a cleanup takes minutes.
   */
  public static final int WORKER_QUICK_RETRIES = 3;

  private final URI baseUrl;
  private final String token;
  private final Timeouts timeouts;
  private final int quickRetries;
  private final HttpClient http;

  public HttpCloudClient(URI baseUrl, String token) {
    this(baseUrl, token, Timeouts.defaults());
  }

  public HttpCloudClient(URI baseUrl, String token, Timeouts timeouts) {
    this(baseUrl, token, timeouts, 0);
  }

  /**
   * @param quickRetries how many times a call that failed transiently and at once is sent again
   *     (after 200 ms, 400 ms, 800 ms, ... plus jitter) before its error is thrown. A call that
   *     timed out is not: its wait already used the step's time. Every mutating call carries an
   *     idempotency key, so sending it again never creates a second resource (F13).
   */
  public HttpCloudClient(URI baseUrl, String token, Timeouts timeouts, int quickRetries) {
    if (quickRetries < 0) {
      throw new IllegalArgumentException("quickRetries must be >= 0");
    }
    this.quickRetries = quickRetries;
    String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.token = Objects.requireNonNull(token, "token");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeouts.connect())
            .build();
  }

  /** The mapper used for the contract's JSON (snake_case, unknown response fields ignored). */
  public static ObjectMapper json() {
    return JSON;
  }

  @Override
  public String toString() {
    return "HttpCloudClient[" + baseUrl + "]";
  }

  // Identity and tenant settings

  @Override
  public WhoAmI whoami(String tenant) {
    return get(tenantPath(tenant, "whoami"), WhoAmI.class);
  }

  @Override
  public TenantSettings settings(String tenant) {
    return get(tenantPath(tenant, "settings"), TenantSettings.class);
  }

  @Override
  public List<Region> regions(String tenant) {
    return get(tenantPath(tenant, "regions"), RegionList.class).regions();
  }

  // ECS

  @Override
  public List<Server> listServers(String tenant) {
    return get(tenantPath(tenant, "servers"), ServerList.class).servers();
  }

  @Override
  public Server getServer(String tenant, String serverId) {
    return get(tenantPath(tenant, "servers", serverId), Server.class);
  }

  @Override
  public Server lockServer(String tenant, String serverId, String holder, String idempotencyKey) {
    return serverAction(tenant, serverId, "lock", Map.of("holder", holder), idempotencyKey);
  }

  @Override
  public Server unlockServer(String tenant, String serverId, String holder, String idempotencyKey) {
    return serverAction(tenant, serverId, "unlock", Map.of("holder", holder), idempotencyKey);
  }

  @Override
  public Server serverAction(
      String tenant, String serverId, String action, Object parameters, String idempotencyKey) {
    Object body = Map.of(action, parameters == null ? Map.of() : parameters);
    return send(
        "POST", tenantPath(tenant, "servers", serverId, "action"), body, idempotencyKey,
        timeouts.request(), Server.class);
  }

  // EVS

  @Override
  public Snapshot createSnapshot(
      String tenant, String diskId, String name, String imageId, String idempotencyKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("disk_id", diskId);
    body.put("name", name);
    if (imageId != null) body.put("image_id", imageId);
    try {
      return post(tenantPath(tenant, "snapshots"), body, idempotencyKey, Snapshot.class);
    } catch (CloudConflictException e) {
      // The key made a snapshot with a request of before image_id (a creation that ran across
      // the upgrade): that snapshot is this call's answer, as the key promises (F13, F15).
      return madeBefore(e, () -> findSnapshotByKey(tenant, idempotencyKey).filter(s -> diskId.equals(s.diskId())));
    }
  }

  @Override
  public Snapshot getSnapshot(String tenant, String snapshotId) {
    return get(tenantPath(tenant, "snapshots", snapshotId), Snapshot.class);
  }

  @Override
  public Snapshot waitForSnapshot(String tenant, String snapshotId, Duration maxWait) {
    Duration wait = capWait(maxWait);
    return send(
        "GET", tenantPath(tenant, "snapshots", snapshotId) + "?wait_seconds=" + wait.toSeconds(),
        null, null, wait.plus(timeouts.longPollMargin()), Snapshot.class);
  }

  @Override
  public List<Snapshot> listSnapshots(String tenant, ResourceFilter filter) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("server_id", filter.serverId());
    q.put("disk_id", filter.diskId());
    q.put("status", filter.status());
    q.put("idempotency_key", filter.idempotencyKey());
    return get(tenantPath(tenant, "snapshots") + query(q), SnapshotList.class).snapshots();
  }

  // CBR

  @Override
  public List<Vault> listVaults(String tenant) {
    return get(tenantPath(tenant, "vaults"), VaultList.class).vaults();
  }

  @Override
  public Vault getVault(String tenant, String vaultId) {
    return get(tenantPath(tenant, "vaults", vaultId), Vault.class);
  }

  @Override
  public Backup createBackup(
      String tenant,
      String serverId,
      String vaultId,
      List<String> snapshotIds,
      String name,
      String imageId,
      String idempotencyKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("server_id", serverId);
    body.put("vault_id", vaultId);
    body.put("snapshot_ids", snapshotIds == null ? List.of() : snapshotIds);
    body.put("name", name);
    if (imageId != null) body.put("image_id", imageId);
    try {
      return post(tenantPath(tenant, "backups"), body, idempotencyKey, Backup.class);
    } catch (CloudConflictException e) {
      // as for snapshots: the backup a request of before image_id made with this key
      return madeBefore(e, () -> findBackupByKey(tenant, idempotencyKey).filter(b -> serverId.equals(b.serverId())));
    }
  }

  /**
   * The resource an idempotency key already made, when the cloud refused the key for a different
   * body ({@code IDEMPOTENCY_KEY_REUSED}); else {@code refusal} again.
   */
  private static <T> T madeBefore(CloudConflictException refusal, java.util.function.Supplier<java.util.Optional<T>> byKey) {
    if (!"IDEMPOTENCY_KEY_REUSED".equals(refusal.errorCode())) {
      throw refusal;
    }
    return byKey.get().orElseThrow(() -> refusal);
  }

  @Override
  public Backup getBackup(String tenant, String backupId) {
    return get(tenantPath(tenant, "backups", backupId), Backup.class);
  }

  @Override
  public Backup waitForBackup(String tenant, String backupId, Duration maxWait) {
    Duration wait = capWait(maxWait);
    return send(
        "GET", tenantPath(tenant, "backups", backupId) + "?wait_seconds=" + wait.toSeconds(),
        null, null, wait.plus(timeouts.longPollMargin()), Backup.class);
  }

  /** {@code POST /tasks/wait}, without an idempotency key: it changes nothing. */
  @Override
  public TaskWait waitForTasks(
      String tenant, Collection<String> snapshotIds, Collection<String> backupIds,
      Collection<String> imageIds, Duration maxWait) {
    Duration wait = capWait(maxWait);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("snapshot_ids", List.copyOf(snapshotIds));
    body.put("backup_ids", List.copyOf(backupIds));
    body.put("image_ids", List.copyOf(imageIds));
    return send(
        "POST", tenantPath(tenant, "tasks", "wait") + "?wait_seconds=" + wait.toSeconds(), body,
        null, wait.plus(timeouts.longPollMargin()), TaskWait.class, false);
  }

  @Override
  public List<Backup> listBackups(String tenant, ResourceFilter filter) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("server_id", filter.serverId());
    q.put("vault_id", filter.vaultId());
    q.put("status", filter.status());
    q.put("idempotency_key", filter.idempotencyKey());
    return get(tenantPath(tenant, "backups") + query(q), BackupList.class).backups();
  }

  // IMS

  @Override
  public Image createImage(String tenant, ImageSpec spec, String idempotencyKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", spec.id());
    body.put("name", spec.name());
    body.put("type", ImageSpec.TYPE_FULL_ECS);
    if (spec.sourceServerId() != null) body.put("source_server_id", spec.sourceServerId());
    if (spec.sourceBackupId() != null) body.put("source_backup_id", spec.sourceBackupId());
    body.put("vault_id", spec.vaultId());
    body.put("enterprise_project", spec.enterpriseProject());
    body.put("tags", spec.tags());
    body.put("description", spec.description() == null ? "" : spec.description());
    if (spec.creationId() != null) body.put("creation_id", spec.creationId());
    return post(tenantPath(tenant, "images"), body, idempotencyKey, Image.class);
  }

  @Override
  public Image getImage(String tenant, String imageId) {
    return get(tenantPath(tenant, "images", imageId), Image.class);
  }

  @Override
  public List<Image> listImages(String tenant, ResourceFilter filter) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("status", filter.status());
    q.put("name", filter.name());
    q.put("idempotency_key", filter.idempotencyKey());
    return get(tenantPath(tenant, "images") + query(q), ImageList.class).images();
  }

  @Override
  public Image setImageSnapshots(
      String tenant, String imageId, List<String> snapshotIds, String idempotencyKey) {
    return imageAction(
        tenant, imageId, "set_snapshots", Map.of("snapshot_ids", snapshotIds), idempotencyKey);
  }

  @Override
  public Image setImageBackup(String tenant, String imageId, String backupId, String idempotencyKey) {
    return imageAction(tenant, imageId, "set_backup", Map.of("backup_id", backupId), idempotencyKey);
  }

  @Override
  public Image markImageNormal(
      String tenant, String imageId, NormalScope scope, String idempotencyKey) {
    Map<String, Object> params = new LinkedHashMap<>(); // fixed field order, like markImageError
    params.put("status", "NORMAL");
    params.put("scope", scope.name());
    return imageAction(tenant, imageId, "set_status", params, idempotencyKey);
  }

  @Override
  public Image markImageError(String tenant, String imageId, String reason, String idempotencyKey) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("status", "ERROR");
    params.put("reason", reason);
    return imageAction(tenant, imageId, "set_status", params, idempotencyKey);
  }

  @Override
  public Image setImageRetained(String tenant, String imageId, String note, String idempotencyKey) {
    return imageAction(tenant, imageId, "set_retained", Map.of("note", note), idempotencyKey);
  }

  @Override
  public Image deleteImage(String tenant, String imageId, boolean deleteBackup, String idempotencyKey) {
    return send(
        "DELETE", tenantPath(tenant, "images", imageId) + "?delete_backup=" + deleteBackup, null,
        idempotencyKey, timeouts.request(), Image.class);
  }

  @Override
  public Server createServer(
      String tenant, String name, String imageId, String az, String flavor, String idempotencyKey) {
    Map<String, String> body = new java.util.LinkedHashMap<>();
    body.put("name", name);
    body.put("image_id", imageId);
    body.put("az", az);
    if (flavor != null) {
      body.put("flavor", flavor);
    }
    return post(tenantPath(tenant, "servers"), body, idempotencyKey, Server.class);
  }

  @Override
  public Server changeOs(String tenant, String serverId, String imageId, String idempotencyKey) {
    return serverAction(tenant, serverId, "change_os", Map.of("image_id", imageId), idempotencyKey);
  }

  @Override
  public Server deleteServer(String tenant, String serverId, String idempotencyKey) {
    return serverAction(tenant, serverId, "delete", Map.of(), idempotencyKey);
  }

  @Override
  public Image shareImage(String tenant, String imageId, String otherTenant, String idempotencyKey) {
    return post(
        tenantPath(tenant, "images", imageId, "share"), Map.of("tenant", otherTenant), idempotencyKey,
        Image.class);
  }

  @Override
  public Image replicateImage(String tenant, String imageId, String region, String idempotencyKey) {
    return post(
        tenantPath(tenant, "images", imageId, "replicate"), Map.of("region", region), idempotencyKey,
        Image.class);
  }

  @Override
  public Image exportImage(String tenant, String imageId, String idempotencyKey) {
    return post(tenantPath(tenant, "images", imageId, "export"), Map.of(), idempotencyKey, Image.class);
  }

  @Override
  public Image publishImage(String tenant, String imageId, String idempotencyKey) {
    return post(tenantPath(tenant, "images", imageId, "publish"), Map.of(), idempotencyKey, Image.class);
  }

  @Override
  public void deleteSnapshot(String tenant, String snapshotId, String idempotencyKey) {
    send("DELETE", tenantPath(tenant, "snapshots", snapshotId), null, idempotencyKey, timeouts.request(),
        Map.class);
  }

  @Override
  public void deleteBackup(String tenant, String backupId, String idempotencyKey) {
    send("DELETE", tenantPath(tenant, "backups", backupId), null, idempotencyKey, timeouts.request(),
        Map.class);
  }

  private Image imageAction(
      String tenant, String imageId, String action, Object parameters, String idempotencyKey) {
    return post(
        tenantPath(tenant, "images", imageId, "action"), Map.of(action, parameters), idempotencyKey,
        Image.class);
  }

  // Transport

  private <T> T get(String path, Class<T> type) {
    return send("GET", path, null, null, timeouts.request(), type);
  }

  private <T> T post(String path, Object body, String idempotencyKey, Class<T> type) {
    return send("POST", path, body, idempotencyKey, timeouts.request(), type);
  }

  /**
   * Sends the call, and sends it again after a transient failure that came at once (up to {@code
   * quickRetries} times) while the call's deadline ({@code connect + timeout} from now) leaves room:
   * each attempt gets only what is left, so retries never stretch a call past its deadline.
   */
  private <T> T send(
      String method, String path, Object body, String idempotencyKey, Duration timeout,
      Class<T> type) {
    return send(method, path, body, idempotencyKey, timeout, type, !"GET".equals(method));
  }

  /** As above; {@code changes} false for a POST that only reads (its body too long for a URL). */
  private <T> T send(
      String method, String path, Object body, String idempotencyKey, Duration timeout,
      Class<T> type, boolean changes) {
    long deadline = System.nanoTime() + timeouts.connect().plus(timeout).toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return sendOnce(method, path, body, idempotencyKey, timeout, type, changes);
      } catch (CloudException e) {
        if (attempt >= quickRetries || !e.retryable() || e instanceof CloudTimeoutException) {
          throw e;
        }
        long pause = pauseMillis(attempt);
        long left = (deadline - System.nanoTime()) / 1_000_000 - pause;
        if (left < timeouts.connect().toMillis() + 1_000) {
          throw e;
        }
        sleep(pause);
        timeout = Duration.ofMillis(Math.min(timeout.toMillis(), left - timeouts.connect().toMillis()));
      }
    }
  }

  private static long pauseMillis(int attempt) {
    return (200L << Math.min(attempt, 4)) + java.util.concurrent.ThreadLocalRandom.current().nextLong(100);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudUnavailableException("interrupted while waiting to retry", 0, null, e);
    }
  }

  private <T> T sendOnce(
      String method, String path, Object body, String idempotencyKey, Duration timeout,
      Class<T> type, boolean mutating) {
    if (mutating && (idempotencyKey == null || idempotencyKey.isBlank())) {
      throw new IllegalArgumentException(method + " " + path + " needs an idempotency key");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("X-Auth-Token", token)
            .header("Accept", "application/json");
    if (mutating) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    String what = method + " " + path;
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw new CloudUnavailableException(
          "could not connect to the cloud at " + baseUrl + " for " + what + " within "
              + timeouts.connect().toSeconds() + " s", 0, null, e);
    } catch (HttpTimeoutException e) {
      throw new CloudTimeoutException(
          "the cloud did not answer " + what + " within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new CloudUnavailableException(
          "no response from the cloud for " + what + " (" + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", 0, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudUnavailableException("interrupted while calling " + what, 0, null, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return read(response.body(), type, what);
    }
    throw failure(status, response.body(), what);
  }

  static CloudException failure(int status, String body, String what) {
    String code = null;
    String msg = null;
    try {
      JsonNode node = JSON.readTree(body == null ? "" : body);
      if (node != null && node.isObject()) {
        code = node.path("error_code").isTextual() ? node.get("error_code").asText() : null;
        msg = node.path("error_msg").isTextual() ? node.get("error_msg").asText() : null;
      }
    } catch (JsonProcessingException e) {
      // not JSON: fall back to the status alone
    }
    String message =
        what + " failed with " + status + (code == null ? "" : " " + code)
            + (msg == null ? "" : ": " + msg);
    return CloudException.forStatus(status, code, message);
  }

  private static <T> T read(String body, Class<T> type, String what) {
    try {
      return JSON.readValue(body, type);
    } catch (JsonProcessingException e) {
      // A truncated or garbled answer: the call may have worked; retrying with the key is safe.
      throw new CloudUnavailableException(
          "the cloud's answer to " + what + " is not the expected JSON: " + e.getOriginalMessage(),
          0, null, e);
    }
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write request body: " + e.getOriginalMessage(), e);
    }
  }

  private static Duration capWait(Duration maxWait) {
    if (maxWait == null || maxWait.isNegative()) return Duration.ZERO;
    return maxWait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : maxWait;
  }

  private static String tenantPath(String tenant, String... segments) {
    StringBuilder b = new StringBuilder("/v1/").append(segment(tenant));
    for (String s : segments) {
      b.append('/').append(segment(s));
    }
    return b.toString();
  }

  private static String segment(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("an id in the path is missing");
    }
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(Map<String, String> params) {
    StringBuilder b = new StringBuilder();
    params.forEach(
        (k, v) -> {
          if (v != null) {
            b.append(b.length() == 0 ? '?' : '&')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return b.toString();
  }

  private record RegionList(List<Region> regions) {}

  private record ServerList(List<Server> servers) {}

  private record SnapshotList(List<Snapshot> snapshots) {}

  private record BackupList(List<Backup> backups) {}

  private record VaultList(List<Vault> vaults) {}

  private record ImageList(List<Image> images) {}

}
