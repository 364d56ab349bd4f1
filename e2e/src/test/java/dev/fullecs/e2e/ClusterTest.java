package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.CloudApi;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The product on the production topology, run natively by {@code scripts/cluster-up.sh}: Temporal's
 * own server built from its Go module, on PostgreSQL, its four services as four processes from the
 * repository's configuration (the file docker-compose.yml mounts), the UI server, the emulator and
 * two workers. The starter creates an image with the environment the script printed; Temporal's
 * visibility on PostgreSQL finds it by search attribute; a history service killed with SIGKILL
 * during a backup and started again by the script lets the creation finish; {@code
 * cluster-down.sh} stops every process. And the compose file's Temporal services, with the
 * environment compose gives them, render that configuration with this very server build. Only in
 * the e2e-cluster profile (tag {@code cluster}); the kit's cluster stack runs the scripts.
 */
@Tag("cluster")
@ExtendWith(WallTime.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final Pattern PRINTED_ENV =
      Pattern.compile("export TEMPORAL_ADDRESS=(\\S+) FULLECS_CLOUD_URL=(\\S+)");
  /** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}. */
  private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_]+)(?::?[-?]([^}]*))?}");

  // Fixed task times: the backup lasts 20 s, long enough to kill the history service in it.
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.cluster().workers(2).emulatorOptions("--fixed-snapshot-seconds", "2", "--fixed-backup-seconds", "20"));

  static Map<String, String> printedEnv;

  @BeforeAll
  static void up(Stack cluster) {
    CliResult up = cluster.startOutput();
    assertThat(up.exitCode()).as(up.toString()).isZero();
    Matcher m = PRINTED_ENV.matcher(up.out());
    assertThat(m.find()).as("cluster-up prints the starter's environment\n" + up.out()).isTrue();
    printedEnv = Map.of("TEMPORAL_ADDRESS", m.group(1), "FULLECS_CLOUD_URL", m.group(2));
    assertThat(printedEnv).containsEntry("TEMPORAL_ADDRESS", cluster.temporalAddress())
        .containsEntry("FULLECS_CLOUD_URL", cluster.cloudUrl());

    // Every piece is its own live process; Temporal's four services run the repository's configuration.
    Map<String, Long> pids = cluster.pieces();
    assertThat(pids.keySet()).containsExactlyInAnyOrder("postgresql", "temporal-history", "temporal-matching",
        "temporal-frontend", "temporal-worker", "temporal-ui", "cloud-emulator", "worker-1", "worker-2");
    assertThat(pids.values()).doesNotHaveDuplicates().allMatch(Processes::alive);
    for (String service : Stack.TEMPORAL_SERVICES) {
      assertThat(Processes.commandLine(pids.get("temporal-" + service)))
          .contains("temporal-server", "deploy/temporal/config --env temporal", "start --service " + service);
    }
    assertThat(Processes.commandLine(pids.get("postgresql"))).contains("postgres");
  }

  /**
   * What ComposeFileTest cannot do without Docker: each of docker-compose.yml's four Temporal
   * services, with its environment as compose resolves it from .env.example and the container
   * address its command exports, renders the repository's configuration with the server binary
   * built at the compose file's version; the dynamic configuration validates.
   */
  @Test
  @Order(0)
  void theComposeFilesTemporalServicesRenderTheRepositorysConfigurationWithThisServerBuild(Stack cluster)
      throws Exception {
    Path configDir = cluster.root().resolve("deploy/temporal/config");
    CliResult paths = Processes.run(
        List.of("bash", cluster.root().resolve("scripts/build-temporal.sh").toString(), "--paths"), Map.of(),
        Duration.ofMinutes(20));
    assertThat(paths.exitCode()).as(paths.toString()).isZero();
    Matcher bin = Pattern.compile("(?m)^TEMPORAL_SERVER_BIN=(\\S+)$").matcher(paths.out());
    assertThat(bin.find()).as(paths.out()).isTrue();
    String server = bin.group(1);

    CliResult dynamic = Processes.run(List.of(server, "validate-dynamic-config",
        configDir.resolve("dynamicconfig/temporal.yaml").toString()), Map.of(), Duration.ofSeconds(60));
    assertThat(dynamic.exitCode()).as(dynamic.toString()).isZero();
    assertThat(dynamic.out()).doesNotContain("error:").doesNotContain("warning:");

    Map<String, String> dotEnv = new LinkedHashMap<>();
    for (String line : Files.readAllLines(cluster.root().resolve(".env.example"))) {
      if (line.matches("[A-Z_]+=.*")) {
        dotEnv.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    JsonNode services = new ObjectMapper(new YAMLFactory())
        .readTree(cluster.root().resolve("docker-compose.yml").toFile()).path("services");
    int address = 10;
    for (String service : Stack.TEMPORAL_SERVICES) {
      JsonNode compose = services.path("temporal-" + service);
      assertThat(compose.path("command").toString()).contains("export BIND_ON_IP=");
      Map<String, String> env = new LinkedHashMap<>();
      compose.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), compose(e.getValue().asText(), dotEnv)));
      String ip = "172.18.0." + address++;
      env.put("BIND_ON_IP", ip);
      // compose mounts deploy/temporal/config at /etc/temporal/fullecs; here the directory itself
      CliResult rendered = Processes.run(List.of(server, "--config", configDir.toString(), "--env", "temporal",
          "render-config"), env, Duration.ofSeconds(60));
      assertThat(rendered.exitCode()).as(rendered.toString()).isZero();
      assertThat(rendered.out()).as("temporal-%s", service)
          .contains("connectAddr: postgresql:5432", "user: temporal", "databaseName: temporal_visibility",
              "pluginName: postgres12", "bindOnIP: " + ip, "rpcAddress: " + ip + ":7233",
              "filepath: /etc/temporal/fullecs/dynamicconfig/temporal.yaml")
          .doesNotContain(dotEnv.get("POSTGRES_PASSWORD"));
      assertThat(configDir.resolve(Path.of("/etc/temporal/fullecs").relativize(
          Path.of(env.get("DYNAMIC_CONFIG_FILE_PATH"))))).as("the dynamic configuration compose names").isRegularFile();
    }
  }

  /** A value of the compose file as compose resolves it with an .env file. */
  private static String compose(String value, Map<String, String> dotEnv) {
    Matcher m = COMPOSE_VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String resolved = dotEnv.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    return m.appendTail(out).toString();
  }

  @Test
  @Order(1)
  void theStarterCreatesAnImageThatVisibilityOnPostgresqlFindsBySearchAttribute(Stack cluster) {
    CliResult r = cluster.starterWith(printedEnv, "create", "--region", Stack.REGION,
        "--server", "ecs-web-01", "--vault", "vault-backup", "--name", "web-01-full", "--accept-disclaimer",
        "--wait", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode out = r.json();
    assertThat(out.path("status").asText()).isEqualTo("COMPLETED");
    String workflowId = out.path("workflow_id").asText();
    String imageId = out.path("result").path("image_id").asText();
    CloudChecks.assertCompleteImage(cluster, imageId, "ecs-web-01");

    // temporal workflow list, as a user types it: advanced visibility on PostgreSQL.
    CliResult listed = cluster.temporal("workflow", "list", "--query", "EcsId=\"ecs-web-01\"", "-o", "json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    List<JsonNode> found = CloudApi.list(listed.json());
    assertThat(found).extracting(w -> w.path("execution").path("workflowId").asText()).containsExactly(workflowId);
    assertThat(found.get(0).path("status").asText()).isIn("WORKFLOW_EXECUTION_STATUS_COMPLETED", "Completed");
    assertThat(cluster.client().listExecutions("ImageStatus=\"NORMAL\" AND ImageId=\"" + imageId + "\"").count())
        .isEqualTo(1);

    // The UI server answers and reads the same visibility through the frontend.
    assertThat(cluster.ui("/").statusCode()).isEqualTo(200);
    HttpResponse<String> ui = cluster.ui("/api/v1/namespaces/default/workflows?query="
        + URLEncoder.encode("EcsId=\"ecs-web-01\"", StandardCharsets.UTF_8));
    assertThat(ui.statusCode()).as(ui.body()).isEqualTo(200);
    assertThat(ui.body()).contains(workflowId);
  }

  @Test
  @Order(2)
  void aHistoryServiceKilledDuringTheBackupAndStartedAgainByTheScriptFinishesTheCreation(Stack cluster) {
    String server = "ecs-eight-disks";
    CliResult started = cluster.starterWith(printedEnv, "create", "--region", Stack.REGION,
        "--server", server, "--vault", "vault-backup", "--name", "eight-disks-durable", "--accept-disclaimer",
        "--maintenance-window", "2h", "--request-id", "cluster-kill-history", "--json");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    String workflowId = started.json().path("workflow_id").asText();

    Creations.awaitPendingActivity(cluster, workflowId, "AwaitBackup", false, Duration.ofSeconds(90));
    Processes.waitFor("the backup is running in the cloud", Duration.ofSeconds(30), null,
        () -> !cluster.cloud().backupsOf(server).isEmpty());
    assertThat(cluster.cloud().backupsOf(server).get(0).path("status").asText()).isEqualTo("protecting");

    long killed = cluster.pid("temporal-history");
    cluster.kill9("temporal-history");
    Processes.sleep(Duration.ofSeconds(2));
    CliResult again = cluster.up();
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("temporal-frontend already running").contains("worker-1 already running")
        .doesNotContain("temporal-history already running");
    long restarted = cluster.pid("temporal-history");
    assertThat(restarted).isNotEqualTo(killed);
    assertThat(Processes.alive(restarted)).isTrue();

    assertThat(Creations.awaitClosed(cluster, workflowId, Duration.ofSeconds(240)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    CloudChecks.assertCompleteImage(cluster, Creations.imageId(cluster, workflowId), server);
    CliResult listed = cluster.temporal("workflow", "list", "--query",
        "EcsId=\"" + server + "\" AND ImageStatus=\"NORMAL\"", "-o", "json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(CloudApi.list(listed.json())).hasSize(1);
  }

  @Test
  @Order(3)
  void clusterDownStopsEveryProcessByItsPidAndKeepsTheData(Stack cluster) {
    Map<String, Long> pids = cluster.pieces();
    CliResult r = cluster.down();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    for (Map.Entry<String, Long> p : pids.entrySet()) {
      assertThat(Processes.alive(p.getValue())).as("%s (pid %d) stopped", p.getKey(), p.getValue()).isFalse();
      assertThat(r.out()).contains("stopped " + p.getKey() + " (pid " + p.getValue() + ")");
    }
    assertThat(cluster.pieces()).isEmpty();
    assertThat(cluster.dir().resolve("postgresql/PG_VERSION")).as("cluster-down keeps PostgreSQL's data").exists();
    assertThat(cluster.dir().resolve("cloud.db")).exists();
  }
}
