package dev.fullecs.starter;

import static dev.fullecs.starter.CloudAssertions.assertUnchanged;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8, bad input: every row is one hostile or mistaken input at one edge (the starter's
 * command line, the workflow's own input, the emulator's HTTP API). Each must be refused with a
 * clear error (exit 2 and a message naming the problem, no stack trace; or HTTP 4xx with
 * {@code error_code}/{@code error_msg}) and leave the cloud exactly as it was: the emulator's
 * whole state ({@code GET /admin/state}, without its {@code at} clock) is compared before and
 * after each row. The table is written to {@code target/bad-input.md} for docs/RELIABILITY.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  static final String REVOKED = "tok-revoked-a";
  static final String B = "tenant-b";
  static final String B_TOKEN = "tok-tenant-b";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final AtomicInteger IDS = new AtomicInteger();

  @TempDir static Path dir;
  Stack stack;
  final List<String> table = Collections.synchronizedList(new ArrayList<>());

  /** What came back: exit code or HTTP status, and the text a person (or program) reads. */
  record Result(int code, String text) {}

  enum Edge { CLI, WORKFLOW, HTTP }

  /** One row: what is wrong, where, what must come back ({@code expected} appears in the text). */
  record Row(String input, Edge edge, int code, String expected, Function<Stack, Result> run) {
    @Override
    public String toString() {
      return edge + ": " + input;
    }
  }

  @BeforeAll
  void start() throws Exception {
    ObjectNode inventory = (ObjectNode) Json.MAPPER.readTree(
        BadInputTest.class.getResourceAsStream("/inventory/default.json"));
    ObjectNode revoked = ((ArrayNode) inventory.get("tokens")).addObject();
    revoked.put("token", REVOKED).put("kind", "tenant").put("tenant", Stack.TENANT).put("revoked", true);
    Path file = dir.resolve("inventory.json");
    Files.write(file, Json.MAPPER.writeValueAsBytes(inventory));
    stack = Stack.start(dir, 0.05, file);
  }

  @AfterAll
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    List<String> lines = new ArrayList<>();
    lines.add("| # | input | edge | expected | result |");
    lines.add("|---|---|---|---|---|");
    List<String> sorted = new ArrayList<>(table);
    Collections.sort(sorted);
    for (String row : sorted) {
      lines.add(row.substring(row.indexOf('|')));
    }
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "bad-input.md"), lines);
  }

  @ParameterizedTest(name = "{index} {0}")
  @MethodSource("rows")
  void isRefusedClearlyAndChangesNothing(Row row) {
    JsonNode before = stack.adminState();

    Result result = row.run().apply(stack);

    String shown = result.text().length() > 300 ? result.text().substring(0, 300) + "..." : result.text();
    assertThat(result.code()).as(row + " -> " + shown).isEqualTo(row.code());
    assertThat(result.text()).as(row + " -> " + shown)
        .contains(row.expected()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(result.text().chars().filter(c -> c < 0x20 && c != '\n').count())
        .as(row + ": control characters in the message").isZero();
    assertThat(result.text().lines().mapToInt(String::length).max().orElse(0))
        .as(row + ": longest line of the message").isLessThan(400);
    assertUnchanged(before, stack.adminState());
    int n = rowsList().indexOf(row);
    String message = result.text().lines().filter(l -> l.contains(row.expected())).findFirst()
        .orElse(result.text()).strip();
    if (message.length() > 140) {
      message = message.substring(0, 137) + "...";
    }
    table.add(String.format("%03d| %d | %s | %s | %s `%s` | %s `%s`; state unchanged |", n, n + 1,
        row.input().replace("|", "\\|"), row.edge(), row.edge() == Edge.HTTP ? "HTTP" : "exit",
        row.code() + " " + row.expected(), row.edge() == Edge.HTTP ? "HTTP " + result.code() : "exit " + result.code(),
        message.replace("|", "\\|").replace("`", "'")));
  }

  private static List<Row> cached;

  static synchronized List<Row> rowsList() {
    if (cached == null) {
      cached = buildRows();
    }
    return cached;
  }

  static Stream<Row> rows() {
    return rowsList().stream();
  }

  // ---- the table ----

  static List<Row> buildRows() {
    List<Row> r = new ArrayList<>();
    // F2, one row per rule-breaking server, vault, name, tag, project and agreement of the inventory.
    for (String[] s : new String[][] {
        {"bms-01", "ECS_IS_BMS"}, {"ecs-resizing", "ECS_STATE_INVALID"},
        {"ecs-db-running", "ECS_DATABASE_RUNNING"}, {"ecs-misconfigured", "ECS_CONFIG_CHECK_FAILED"},
        {"ecs-win-spanned", "ECS_SPANNED_VOLUME"}, {"ecs-win-offlineshared", "ECS_SAN_POLICY_NOT_ONLINE_ALL"},
        {"ecs-lvm-multi", "ECS_MULTI_DISK_LOGICAL_VOLUME"}, {"ecs-dss", "ECS_DSS_DISK"},
        {"ecs-locked", "ECS_LOCKED"}, {"ecs-nope", "ECS_NOT_FOUND"}}) {
      r.add(create("server " + s[0], s[1], "--server", s[0]));
    }
    r.add(create("ECS in another region than --region (cn-east-3)", "ECS_WRONG_REGION", "--region", "cn-east-3"));
    r.add(create("unknown region mars-1", "REGION_UNKNOWN", "--region", "mars-1"));
    for (String[] v : new String[][] {
        {"vault-replication", "VAULT_NOT_BACKUP"}, {"vault-full", "VAULT_CAPACITY_INSUFFICIENT"},
        {"vault-other-region", "VAULT_WRONG_REGION"}, {"vault-nope", "VAULT_NOT_FOUND"}}) {
      r.add(create("vault " + v[0], v[1], "--vault", v[0]));
    }
    r.add(create("name of an existing image (existing-image)", "IMAGE_NAME_TAKEN", "--name", "existing-image"));
    r.add(create("empty name", "IMAGE_NAME_INVALID", "--name", ""));
    r.add(create("name with a leading space", "IMAGE_NAME_INVALID", "--name", " web"));
    r.add(create("name of 129 characters", "IMAGE_NAME_INVALID", "--name", "n".repeat(129)));
    r.add(create("name of 10,000 characters", "IMAGE_NAME_INVALID", "--name", "n".repeat(10_000)));
    r.add(create("name with a control character (BEL)", "IMAGE_NAME_INVALID", "--name", "web\u0007bell"));
    r.add(create("name with a newline", "IMAGE_NAME_INVALID", "--name", "web\nsecond-line"));
    r.add(create("name with a NUL character", "IMAGE_NAME_INVALID", "--name", "web\u0000nul"));
    r.add(create("name with '*'", "IMAGE_NAME_INVALID", "--name", "web*"));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      many.add("--tag");
      many.add("k" + i + "=v");
    }
    r.add(create("21 tags", "TAGS_TOO_MANY", many.toArray(String[]::new)));
    r.add(create("tag key of 37 characters", "TAG_KEY_INVALID", "--tag", "k".repeat(37) + "=v"));
    r.add(create("tag value of 44 characters", "TAG_VALUE_INVALID", "--tag", "k=" + "v".repeat(44)));
    r.add(create("tag key with '<'", "TAG_KEY_INVALID", "--tag", "a<b=v"));
    r.add(create("tag value with a trailing space", "TAG_VALUE_INVALID", "--tag", "k=v "));
    r.add(create("tag key with a newline", "TAG_KEY_INVALID", "--tag", "a\nb=v"));
    r.add(create("tag value with an escape sequence", "TAG_VALUE_INVALID", "--tag", "k=\u001b[31mred"));
    r.add(create("tag value of 10,000 characters", "TAG_VALUE_INVALID", "--tag", "k=" + "v".repeat(10_000)));
    r.add(create("duplicate tag key", "TAG_KEY_DUPLICATE", "--tag", "k=1", "--tag", "k=2"));
    r.add(cli("tenant-b without the tag its policy requires (cost-center)", "TAG_REQUIRED_MISSING",
        asB("create", "--region", Stack.REGION, "--server", "ecs-b-01", "--vault", "vault-b-backup",
            "--name", "b-img", "--accept-disclaimer", "--request-id", "bad-b-tag")));
    r.add(create("unknown enterprise project", "ENTERPRISE_PROJECT_NOT_FOUND", "--enterprise-project", "ep-nope"));
    r.add(cli("disclaimer not accepted", "AGREEMENT_NOT_ACCEPTED", asA("create", "--region", Stack.REGION,
        "--server", Stack.SERVER, "--vault", Stack.VAULT, "--name", "web-x", "--request-id", "bad-agree")));
    r.add(create("maintenance window 30s (under 1 minute)", "MAINTENANCE_WINDOW_INVALID", "--maintenance-window", "30s"));
    r.add(create("maintenance window 8d (over 7 days)", "MAINTENANCE_WINDOW_INVALID", "--maintenance-window", "8d"));
    r.add(create("maintenance window 'forever'", "MAINTENANCE_WINDOW_INVALID", "--maintenance-window", "forever"));
    r.add(create("maintenance window -PT1H", "MAINTENANCE_WINDOW_INVALID", "--maintenance-window", "-PT1H"));
    r.add(create("CBR backup that does not exist", "BACKUP_NOT_FOUND", "--server", "", "--from-backup", "backup-nope"));
    r.add(create("CBR backup already used by an image", "BACKUP_ALREADY_USED", "--server", "",
        "--from-backup", "backup-img-existing"));
    r.add(create("unknown option --colour", "Unknown option: '--colour'", "--colour"));
    r.add(create("tag without '='", "a tag is KEY=VALUE", "--tag", "novalue"));
    r.add(create("request id of 10,000 characters", "request id", "--request-id", "r".repeat(10_000)));
    r.add(create("request id with a control character", "request id", "--request-id", "r\u0001x"));
    r.add(cli("extend with an unknown request id", "no running creation", asA("extend", "nope-1", "30m")));
    r.add(cli("show an unknown image id", "img-nope", asA("show", "img-nope")));
    // Using an image (F17-F22) at the starter.
    r.add(cli("provision --count 0", "--count must be between 1 and 100",
        asA("provision", "img-existing", "--az", "cn-north-4a", "--count", "0")));
    r.add(cli("provision --count 101", "--count must be between 1 and 100",
        asA("provision", "img-existing", "--az", "cn-north-4a", "--count", "101")));
    r.add(cli("provision with a server name prefix containing a space", "server name prefix 'web clone' is invalid",
        asA("provision", "img-existing", "--az", "cn-north-4a", "--name", "web clone")));
    r.add(cli("provision without --az", "Missing required option: '--az=AZ'", asA("provision", "img-existing")));
    r.add(cli("provision from an unknown image", "image img-nope does not exist for tenant tenant-a",
        asA("provision", "img-nope", "--az", "cn-north-4a")));
    r.add(cli("provision into an AZ of another region", "not in cn-east-3a",
        asA("provision", "img-existing", "--az", "cn-east-3a", "--request-id", "bad-az-1")));
    r.add(cli("provision with a request id of 10,000 characters", "request id",
        asA("provision", "img-existing", "--az", "cn-north-4a", "--request-id", "r".repeat(10_000))));
    r.add(cli("change-os of an unknown ECS", "ECS ecs-nope does not exist for tenant tenant-a",
        asA("change-os", "ecs-nope", "--image", "img-existing")));
    r.add(cli("change-os with an unknown image", "image img-nope does not exist",
        asA("change-os", Stack.SERVER, "--image", "img-nope")));
    r.add(cli("change-os with an image still CREATING", "is CREATING, not NORMAL",
        asA("change-os", Stack.SERVER, "--image", "img-other-creation")));
    r.add(cli("share with its own tenant", "cannot be shared with its own tenant",
        asA("share", "img-existing", "--with", Stack.TENANT)));
    r.add(cli("share with an unknown tenant", "tenant tenant-z not found",
        asA("share", "img-existing", "--with", "tenant-z")));
    r.add(cli("replicate to an unknown region", "mars-1",
        asA("replicate", "img-existing", "--region", "mars-1", "--request-id", "bad-rep-1")));
    r.add(cli("replicate within the image's region", "cannot be replicated within its region",
        asA("replicate", "img-existing", "--region", Stack.REGION, "--request-id", "bad-rep-2")));
    r.add(cli("delete an unknown image", "image img-nope does not exist", asA("delete", "img-nope")));
    r.add(cli("export a full-ECS image", "cannot be exported", asA("export", "img-existing")));
    r.add(cli("publish a full-ECS image", "cannot be published to the marketplace", asA("publish", "img-existing")));
    r.add(retained("retained delete of an unknown id", "has no snapshot or backup snap-nope",
        Stack.TENANT, Stack.TOKEN, "delete", "snap-nope"));
    r.add(retained("retained delete of a snapshot a live image uses, with a retained-looking one",
        "used by image img-existing", Stack.TENANT, Stack.TOKEN, "delete", "snap-existing-sys", "snap-img-existing-sys"));
    r.add(retained("retained list of an unknown ECS", "ECS ecs-nope does not exist", Stack.TENANT, Stack.TOKEN,
        "list", "--server", "ecs-nope"));
    r.add(cli("list --of an unknown kind", "Invalid value for option '--of'", asA("list", "--of", "images")));
    r.add(cli("tenant-b provisioning from tenant-a's image", "does not exist for tenant tenant-b",
        asB("provision", "img-existing", "--az", "cn-north-4a")));
    r.add(cli("tenant-b changing the OS of tenant-a's ECS", "ECS ecs-web-01 does not exist for tenant tenant-b",
        asB("change-os", Stack.SERVER, "--image", "img-existing")));
    r.add(retained("tenant-b deleting tenant-a's retained snapshot", "tenant tenant-b has no snapshot or backup",
        B, B_TOKEN, "delete", "snap-existing-sys"));
    // Credentials (F22, F23) at the starter.
    r.add(cli("no token", "token", raw("create", "--tenant", Stack.TENANT, "--region", Stack.REGION,
        "--server", Stack.SERVER, "--vault", Stack.VAULT, "--name", "web-x", "--accept-disclaimer")));
    r.add(cli("revoked token", "refused the token", raw("create", "--tenant", Stack.TENANT, "--token", REVOKED,
        "--region", Stack.REGION, "--server", Stack.SERVER, "--vault", Stack.VAULT, "--name", "web-x",
        "--accept-disclaimer")));
    r.add(cli("tenant-b's token for tenant-a", "not a token of tenant tenant-a", raw("create", "--tenant",
        Stack.TENANT, "--token", B_TOKEN, "--region", Stack.REGION, "--server", Stack.SERVER, "--vault",
        Stack.VAULT, "--name", "web-x", "--accept-disclaimer")));
    r.add(cli("the service credential as a user's token", "needs the tenant's own token", raw("create",
        "--tenant", Stack.TENANT, "--token", Stack.SERVICE_TOKEN, "--region", Stack.REGION, "--server",
        Stack.SERVER, "--vault", Stack.VAULT, "--name", "web-x", "--accept-disclaimer")));
    r.add(cli("tenant with ':' (would make workflow ids ambiguous)", "tenant is invalid", raw("create",
        "--tenant", "tenant:a", "--token", Stack.TOKEN, "--region", Stack.REGION, "--server", Stack.SERVER,
        "--vault", Stack.VAULT, "--name", "web-x", "--accept-disclaimer")));
    r.add(cli("tenant of 65 characters", "tenant is invalid", raw("show", "img-existing", "--tenant",
        "t".repeat(65), "--token", Stack.TOKEN)));
    r.add(cli("tenant-b creating from tenant-a's server", "ECS_NOT_FOUND", asB("create", "--region",
        Stack.REGION, "--server", Stack.SERVER, "--vault", "vault-b-backup", "--name", "b-img", "--tag",
        "cost-center=1", "--accept-disclaimer")));
    r.add(cli("tenant-b backing up into tenant-a's vault", "VAULT_NOT_FOUND", asB("create", "--region",
        Stack.REGION, "--server", "ecs-b-01", "--vault", Stack.VAULT, "--name", "b-img", "--tag",
        "cost-center=1", "--accept-disclaimer")));
    r.add(cli("tenant-b imaging tenant-a's CBR backup", "BACKUP_NOT_FOUND", asB("create", "--region",
        Stack.REGION, "--from-backup", "backup-existing", "--vault", "vault-b-backup", "--name", "b-img",
        "--tag", "cost-center=1", "--accept-disclaimer")));
    r.add(cli("tenant-b showing tenant-a's image", "img-existing", asB("show", "img-existing")));
    r.add(cli("tenant-b cancelling a tenant-a creation id", "does not belong to tenant tenant-b",
        asB("cancel", ImageWorkflows.workflowId(Stack.TENANT, "x-1"))));

    // The workflow's own input (someone with namespace access, bypassing the starter).
    r.add(workflow("workflow input for a BMS", "ECS_IS_BMS", request("bms-01", "wf-bms")));
    ObjectNode longName = request(Stack.SERVER, "n".repeat(10_000));
    r.add(workflow("workflow input with a 10,000-character name", "IMAGE_NAME_INVALID", longName));
    ObjectNode noAgreement = request(Stack.SERVER, "wf-agree");
    noAgreement.put("agreementAccepted", false);
    r.add(workflow("workflow input without the agreement", "AGREEMENT_NOT_ACCEPTED", noAgreement));
    ObjectNode otherTenant = request("ecs-b-01", "wf-b");
    r.add(workflow("workflow input naming tenant-a and tenant-b's server", "ECS_NOT_FOUND", otherTenant));
    ObjectNode badTenant = request(Stack.SERVER, "wf-tenant");
    badTenant.put("tenant", "tenant:a");
    r.add(workflow("workflow input with a tenant containing ':'", "TENANT_INVALID", badTenant));
    ObjectNode badWindow = request(Stack.SERVER, "wf-window");
    badWindow.put("maintenanceWindow", "8d");
    r.add(workflow("workflow input with a maintenance window of 8d", "MAINTENANCE_WINDOW_INVALID", badWindow));

    // The emulator's HTTP API.
    String img = "{\"id\":\"img-bad-1\",\"name\":\"x\",\"source_server_id\":\"ecs-web-01\"}";
    r.add(http("malformed JSON", 400, "INVALID_REQUEST", "POST", "/v1/tenant-a/images", Stack.SERVICE_TOKEN, "{\"id\":"));
    r.add(http("JSON array instead of an object", 400, "the body has the wrong JSON type", "POST", "/v1/tenant-a/images",
        Stack.SERVICE_TOKEN, "[1,2]"));
    r.add(http("a string where a list of tags belongs", 400, "field 'tags' has the wrong JSON type", "POST",
        "/v1/tenant-a/images", Stack.SERVICE_TOKEN,
        "{\"id\":\"img-bad-5\",\"name\":\"x\",\"source_server_id\":\"ecs-web-01\",\"tags\":\"a=b\"}"));
    r.add(http("oversized JSON (5 MiB)", 413, "REQUEST_TOO_LARGE", "POST", "/v1/tenant-a/images",
        Stack.SERVICE_TOKEN, "{\"id\":\"img-big\",\"description\":\"" + "x".repeat(5 << 20) + "\"}"));
    r.add(http("unknown field in an image", 400, "bogus", "POST", "/v1/tenant-a/images", Stack.SERVICE_TOKEN,
        "{\"id\":\"img-bad-2\",\"name\":\"x\",\"source_server_id\":\"ecs-web-01\",\"bogus\":1}"));
    r.add(http("unknown field in a backup", 400, "bogus", "POST", "/v1/tenant-a/backups", Stack.SERVICE_TOKEN,
        "{\"server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\",\"bogus\":1}"));
    r.add(http("unknown field in a snapshot", 400, "bogus", "POST", "/v1/tenant-a/snapshots", Stack.SERVICE_TOKEN,
        "{\"disk_id\":\"ecs-web-01-sys\",\"bogus\":1}"));
    r.add(http("unknown server action", 400, "explode", "POST", "/v1/tenant-a/servers/ecs-web-01/action",
        Stack.TOKEN, "{\"explode\":{}}"));
    r.add(http("image name with a control character", 422, "INVALID_IMAGE_NAME", "POST", "/v1/tenant-a/images",
        Stack.SERVICE_TOKEN, "{\"id\":\"img-bad-3\",\"name\":\"a\\u0007b\",\"source_server_id\":\"ecs-web-01\"}"));
    r.add(http("image name of 10,000 characters", 422, "INVALID_IMAGE_NAME", "POST", "/v1/tenant-a/images",
        Stack.SERVICE_TOKEN, "{\"id\":\"img-bad-4\",\"name\":\"" + "n".repeat(10_000)
            + "\",\"source_server_id\":\"ecs-web-01\"}"));
    r.add(http("tag value with an escape sequence", 422, "INVALID_TAGS", "POST", "/v1/tenant-a/images",
        Stack.SERVICE_TOKEN, "{\"id\":\"img-bad-6\",\"name\":\"x\",\"source_server_id\":\"ecs-web-01\","
            + "\"tags\":[{\"key\":\"k\",\"value\":\"\\u001b[31mred\"}]}"));
    r.add(http("tag key with a newline, 10,000 characters long", 422, "INVALID_TAGS", "POST", "/v1/tenant-a/images",
        Stack.SERVICE_TOKEN, "{\"id\":\"img-bad-7\",\"name\":\"x\",\"source_server_id\":\"ecs-web-01\","
            + "\"tags\":[{\"key\":\"a\\nb" + "k".repeat(10_000) + "\",\"value\":\"v\"}]}"));
    r.add(http("image id of 10,000 characters", 400, "INVALID_REQUEST", "POST", "/v1/tenant-a/images",
        Stack.SERVICE_TOKEN, "{\"id\":\"" + "i".repeat(10_000) + "\",\"name\":\"x\",\"source_server_id\":\"ecs-web-01\"}"));
    r.add(http("Idempotency-Key of 10,000 characters", 400, "INVALID_REQUEST", "POST", "/v1/tenant-a/images",
        Stack.SERVICE_TOKEN, img, "i".repeat(10_000)));
    r.add(http("unknown server id", 404, "SERVER_NOT_FOUND", "GET", "/v1/tenant-a/servers/ecs-nope", Stack.TOKEN, null));
    r.add(http("unknown image id", 404, "IMAGE_NOT_FOUND", "GET", "/v1/tenant-a/images/img-nope", Stack.TOKEN, null));
    r.add(http("server from an image with a name of 10,000 characters", 400, "name is required", "POST",
        "/v1/tenant-a/servers", Stack.TOKEN, "{\"name\":\"" + "n".repeat(10_000)
            + "\",\"image_id\":\"img-existing\",\"az\":\"cn-north-4a\"}"));
    r.add(http("server from an image into an AZ of another region", 422, "AZ_NOT_IN_REGION", "POST",
        "/v1/tenant-a/servers", Stack.TOKEN, "{\"name\":\"x\",\"image_id\":\"img-existing\",\"az\":\"cn-east-3a\"}"));
    r.add(http("unknown field in a server from an image", 400, "bogus", "POST", "/v1/tenant-a/servers", Stack.TOKEN,
        "{\"name\":\"x\",\"image_id\":\"img-existing\",\"az\":\"cn-north-4a\",\"bogus\":1}"));
    r.add(http("replicate without a region", 400, "region is required", "POST",
        "/v1/tenant-a/images/img-existing/replicate", Stack.TOKEN, "{}"));
    r.add(http("tenant-b sharing tenant-a's image", 404, "IMAGE_NOT_FOUND", "POST",
        "/v1/tenant-b/images/img-existing/share", B_TOKEN, "{\"tenant\":\"tenant-b\"}"));
    r.add(http("tenant-b deleting tenant-a's backup", 404, "BACKUP_NOT_FOUND", "DELETE",
        "/v1/tenant-b/backups/backup-existing", B_TOKEN, null));
    r.add(http("unknown endpoint", 404, "ROUTE_NOT_FOUND", "GET", "/v1/tenant-a/nothing-here", Stack.TOKEN, null));
    r.add(http("no token", 401, "AUTH_REQUIRED", "GET", "/v1/tenant-a/servers", null, null));
    r.add(http("unknown token", 401, "INVALID_TOKEN", "GET", "/v1/tenant-a/servers", "tok-guess", null));
    r.add(http("revoked token", 401, "INVALID_TOKEN", "GET", "/v1/tenant-a/servers", REVOKED, null));
    r.add(http("revoked token locking a server", 401, "INVALID_TOKEN", "POST", "/v1/tenant-a/servers/ecs-web-01/action",
        REVOKED, "{\"lock\":{\"holder\":\"img-x\"}}"));
    r.add(http("tenant-b's token on tenant-a's path", 404, "TENANT_NOT_FOUND", "GET", "/v1/tenant-a/servers/ecs-web-01",
        B_TOKEN, null));
    r.add(http("tenant token locking a server (service credential needed)", 403, "SERVICE_TOKEN_REQUIRED", "POST",
        "/v1/tenant-a/servers/ecs-web-01/action", Stack.TOKEN, "{\"lock\":{\"holder\":\"img-x\"}}"));
    r.add(http("tenant token creating an image record", 403, "SERVICE_TOKEN_REQUIRED", "POST", "/v1/tenant-a/images",
        Stack.TOKEN, img, "k-bad-tenant"));
    r.add(http("tenant token setting an image NORMAL", 403, "SERVICE_TOKEN_REQUIRED", "POST",
        "/v1/tenant-a/images/img-other-creation/action", Stack.TOKEN, "{\"set_status\":{\"status\":\"NORMAL\"}}"));
    r.add(http("tenant token on the admin API", 403, "ADMIN_TOKEN_REQUIRED", "GET", "/admin/state", Stack.TOKEN, null));
    r.add(http("service token on the admin API", 403, "ADMIN_TOKEN_REQUIRED", "POST", "/admin/servers/ecs-locked/force-unlock",
        Stack.SERVICE_TOKEN, null));
    r.add(http("admin token on the tenant API", 403, "TENANT_OR_SERVICE_TOKEN_REQUIRED", "GET", "/v1/tenant-a/servers",
        Stack.ADMIN_TOKEN, null));
    r.add(http("tenant-b reading tenant-a's server by id", 404, "SERVER_NOT_FOUND", "GET", "/v1/tenant-b/servers/ecs-web-01",
        B_TOKEN, null));
    r.add(http("tenant-b reading tenant-a's vault by id", 404, "VAULT_NOT_FOUND", "GET", "/v1/tenant-b/vaults/vault-backup",
        B_TOKEN, null));
    r.add(http("tenant-b reading tenant-a's backup by id", 404, "BACKUP_NOT_FOUND", "GET",
        "/v1/tenant-b/backups/backup-existing", B_TOKEN, null));
    r.add(http("tenant-b reading tenant-a's image by id", 404, "IMAGE_NOT_FOUND", "GET", "/v1/tenant-b/images/img-existing",
        B_TOKEN, null));
    r.add(http("tenant-b deleting tenant-a's image", 404, "IMAGE_NOT_FOUND", "DELETE", "/v1/tenant-b/images/img-existing",
        B_TOKEN, null));
    r.add(http("tenant-b stopping tenant-a's server", 404, "SERVER_NOT_FOUND", "POST",
        "/v1/tenant-b/servers/ecs-web-01/action", B_TOKEN, "{\"stop\":{}}"));
    r.add(http("service credential for tenant-b locking tenant-a's server", 404, "SERVER_NOT_FOUND", "POST",
        "/v1/tenant-b/servers/ecs-web-01/action", Stack.SERVICE_TOKEN, "{\"lock\":{\"holder\":\"img-x\"}}"));
    r.add(http("service credential for tenant-b backing up into tenant-a's vault", 404, "VAULT_NOT_FOUND", "POST",
        "/v1/tenant-b/backups", Stack.SERVICE_TOKEN, "{\"server_id\":\"ecs-b-01\",\"vault_id\":\"vault-backup\"}",
        "k-b-vault"));
    r.add(http("service credential for tenant-b imaging tenant-a's server", 404, "SERVER_NOT_FOUND", "POST",
        "/v1/tenant-b/images", Stack.SERVICE_TOKEN,
        "{\"id\":\"img-b-x\",\"name\":\"b-x\",\"source_server_id\":\"ecs-web-01\",\"tags\":[{\"key\":\"cost-center\",\"value\":\"1\"}]}",
        "k-b-img"));
    return r;
  }

  // ---- row builders ----

  static Row create(String input, String expected, String... extra) {
    String id = "bad-" + IDS.incrementAndGet();
    List<String> args = new ArrayList<>(List.of("create", "--tenant", Stack.TENANT, "--token", Stack.TOKEN,
        "--region", Stack.REGION, "--server", Stack.SERVER, "--vault", Stack.VAULT, "--name", "web-" + id,
        "--accept-disclaimer", "--request-id", id));
    for (int i = 0; i < extra.length; i++) {
      int at = args.indexOf(extra[i]);
      boolean valued = i + 1 < extra.length && !extra[i + 1].startsWith("--") && !extra[i].equals("--tag")
          && at >= 0;
      if (valued) {
        args.set(at + 1, extra[++i]);
      } else {
        args.add(extra[i]);
      }
    }
    List<String> finalArgs = args;
    return new Row(input, Edge.CLI, 2, expected, s -> run(s, withUrl(s, finalArgs)));
  }

  /** {@code retained SUB}: the identity and URL options go after the subcommand. */
  static Row retained(String input, String expected, String tenant, String token, String sub, String... args) {
    return new Row(input, Edge.CLI, 2, expected, s -> {
      List<String> all = new ArrayList<>(List.of("retained", sub, "--tenant", tenant, "--token", token,
          "--cloud-url", s.emulator.baseUrl()));
      all.addAll(List.of(args));
      return run(s, all);
    });
  }

  static Row cli(String input, String expected, List<String> args) {
    return new Row(input, Edge.CLI, 2, expected, s -> run(s, withUrl(s, args)));
  }

  static List<String> asA(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--tenant", Stack.TENANT, "--token", Stack.TOKEN));
    all.addAll(List.of(args));
    return all;
  }

  static List<String> asB(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--tenant", B, "--token", B_TOKEN));
    all.addAll(List.of(args));
    return all;
  }

  static List<String> raw(String... args) {
    return List.of(args);
  }

  static List<String> withUrl(Stack s, List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.add(1, "--cloud-url");
    all.add(2, s.emulator.baseUrl());
    return all;
  }

  static Result run(Stack s, List<String> args) {
    Stack.Run run = s.starter(args.toArray(String[]::new));
    return new Result(run.exitCode(), run.out() + run.err());
  }

  static ObjectNode request(String server, String name) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("region", Stack.REGION).put("tenant", Stack.TENANT).put("serverId", server)
        .put("vaultId", Stack.VAULT).put("imageName", name).put("enterpriseProject", "default")
        .put("agreementAccepted", true).put("clientRequestId", "wf-" + IDS.incrementAndGet());
    return n;
  }

  /** Starts the workflow directly with {@code input} (as JSON) and waits for its failure. */
  static Row workflow(String input, String expected, ObjectNode request) {
    return new Row(input, Edge.WORKFLOW, 2, expected, s -> {
      String workflowId = ImageWorkflows.workflowId(Stack.TENANT, request.path("clientRequestId").asText());
      WorkflowStub stub = s.client().newUntypedWorkflowStub("FullEcsImageWorkflow",
          WorkflowOptions.newBuilder().setTaskQueue(ImageWorkflows.TASK_QUEUE).setWorkflowId(workflowId).build());
      Map<String, Object> map = Json.MAPPER.convertValue(request, LinkedHashMap.class);
      stub.start(map);
      try {
        stub.getResult(60, TimeUnit.SECONDS, JsonNode.class);
        return new Result(0, "completed");
      } catch (WorkflowFailedException e) {
        Throwable cause = e.getCause();
        String message = cause == null ? e.getMessage() : cause.getMessage();
        // A failed workflow is the workflow edge's "exit 2": refused, with the rule's code.
        return new Result(2, message);
      } catch (Exception e) {
        return new Result(1, String.valueOf(e));
      }
    });
  }

  static Row http(String input, int status, String expected, String method, String path, String token, String body) {
    return http(input, status, expected, method, path, token, body, null);
  }

  static Row http(String input, int status, String expected, String method, String path, String token, String body,
      String idempotencyKey) {
    return new Row(input, Edge.HTTP, status, expected, s -> {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.emulator.baseUrl() + path))
          .timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (token != null) {
        b.header("X-Auth-Token", token);
      }
      if (body != null) {
        b.header("Content-Type", "application/json");
        b.header("Idempotency-Key", idempotencyKey != null ? idempotencyKey : "k-" + IDS.incrementAndGet());
      }
      try {
        HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = Json.MAPPER.readTree(response.body());
        String text = json.path("error_code").asText() + ": " + json.path("error_msg").asText();
        if (json.path("error_code").asText().isEmpty() || json.path("error_msg").asText().isEmpty()) {
          text = "no error_code/error_msg: " + response.body();
        }
        return new Result(response.statusCode(), text);
      } catch (Exception e) {
        return new Result(-1, String.valueOf(e));
      }
    });
  }
}
