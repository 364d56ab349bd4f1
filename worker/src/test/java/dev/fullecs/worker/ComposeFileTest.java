package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fullecs.contract.SearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so this checks docker-compose.yml as a file: it
 * parses, every image is pinned, the README's services exist, the search attributes it registers
 * are exactly those the workflow upserts, the worker can be scaled out, and Temporal's four
 * services run the repository's server configuration ({@code deploy/temporal/config}), the file
 * {@code scripts/cluster-up.sh} runs natively (and the e2e cluster profile tests).
 */
class ComposeFileTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern PINNED_TAG = Pattern.compile("[^:/@]+(/[^:/@]+)*:[0-9][0-9A-Za-z._-]*");
  private static final Pattern SEARCH_ATTRIBUTE_CREATE =
      Pattern.compile("search-attribute create\\b[^\\n]*?--name (\\w+) --type (\\w+)");
  private static final Pattern README_SERVICE_ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|");
  private static final List<String> TEMPORAL_SERVICES = List.of("history", "matching", "frontend", "worker");
  private static final Path CONFIG_DIR = ROOT.resolve("deploy/temporal/config");
  private static final String CONFIG_MOUNT = "./deploy/temporal/config:/etc/temporal/fullecs:ro";
  /** A port of the server configuration: {@code env "HISTORY_GRPC_PORT" | default "7234"}. */
  private static final Pattern CONFIG_PORT =
      Pattern.compile("env \"([A-Z]+)_(GRPC|MEMBERSHIP)_PORT\" \\| default \"(\\d+)\"");

  static JsonNode compose;
  static JsonNode services;

  @BeforeAll
  static void parse() throws Exception {
    compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
    services = compose.path("services");
  }

  @Test
  void parsesAndHasServices() {
    assertThat(services.isObject()).isTrue();
    assertThat(names(services)).contains("postgresql", "temporal-frontend", "temporal-history",
        "temporal-matching", "temporal-worker", "temporal-ui", "cloud-emulator", "worker");
  }

  @Test
  void everyImageIsPinnedToAnExactVersion() {
    for (Map.Entry<String, JsonNode> s : entries(services)) {
      JsonNode image = s.getValue().path("image");
      if (image.isMissingNode()) {
        assertThat(s.getValue().has("build")).as("%s has neither image nor build", s.getKey()).isTrue();
        continue;
      }
      String ref = image.asText();
      assertThat(ref).as("image of %s", s.getKey()).doesNotContain("latest").doesNotContain("${");
      assertThat(PINNED_TAG.matcher(ref).matches())
          .as("image %s of %s has an explicit version tag", ref, s.getKey())
          .isTrue();
    }
  }

  @Test
  void theServerIsSetUpWithoutTheDeprecatedAutoSetupImage() {
    for (String service : TEMPORAL_SERVICES) {
      assertThat(services.path("temporal-" + service).path("image").asText()).startsWith("temporalio/server:");
    }
    for (Map.Entry<String, JsonNode> s : entries(services)) {
      assertThat(s.getValue().path("image").asText()).doesNotContain("auto-setup");
    }
    assertThat(services.path("temporal-schema").path("image").asText()).startsWith("temporalio/admin-tools:");
    // History first (on a new database the first service writes the cluster's metadata), the others after it.
    assertThat(services.path("temporal-history").path("depends_on").path("temporal-schema").path("condition").asText())
        .isEqualTo("service_completed_successfully");
    for (String service : List.of("matching", "frontend")) {
      assertThat(services.path("temporal-" + service).path("depends_on").path("temporal-history").path("condition")
          .asText()).as(service).isEqualTo("service_healthy");
    }
    assertThat(names(services.path("temporal-worker").path("depends_on"))).containsAnyOf("temporal-history", "temporal-frontend");
  }

  /**
   * scripts/build-temporal.sh builds the server and the schema tool at the temporalio/server
   * image's version, read from this file: the schema job's admin-tools must be that version too.
   */
  @Test
  void oneServerVersionForTheServicesTheSchemaJobAndTheNativeBuild() {
    String version = services.path("temporal-history").path("image").asText().split(":")[1];
    for (String service : TEMPORAL_SERVICES) {
      assertThat(services.path("temporal-" + service).path("image").asText()).isEqualTo("temporalio/server:" + version);
    }
    for (String job : List.of("temporal-schema", "temporal-namespace")) {
      assertThat(services.path(job).path("image").asText()).startsWith("temporalio/admin-tools:" + version + "-");
    }
  }

  @Test
  void theFourTemporalServicesRunTheRepositorysConfigurationFile() throws Exception {
    assertThat(CONFIG_DIR.resolve("temporal.yaml")).isRegularFile();
    assertThat(CONFIG_DIR.resolve("dynamicconfig/temporal.yaml")).isRegularFile();
    for (String service : TEMPORAL_SERVICES) {
      JsonNode s = services.path("temporal-" + service);
      assertThat(list(s.path("volumes"))).as("volumes of temporal-%s", service).contains(CONFIG_MOUNT);
      String command = list(s.path("entrypoint")) + " " + list(s.path("command"));
      assertThat(command).as("command of temporal-%s", service)
          .contains("temporal-server --root / --config etc/temporal/fullecs --env temporal")
          .endsWith("start --service " + service + "]");
      JsonNode env = s.path("environment");
      assertThat(env.path("DYNAMIC_CONFIG_FILE_PATH").asText())
          .isEqualTo("/etc/temporal/fullecs/dynamicconfig/temporal.yaml");
      assertThat(env.path("POSTGRES_SEEDS").asText()).isEqualTo("postgresql");
      assertThat(env.path("POSTGRES_PWD").asText()).startsWith("${POSTGRES_PASSWORD");
    }
  }

  /** What the configuration file says: PostgreSQL for both stores, credentials from the environment. */
  @Test
  void theConfigurationFileUsesPostgresqlForBothStoresAndHoldsNoSecret() throws Exception {
    String config = Files.readString(CONFIG_DIR.resolve("temporal.yaml"));
    assertThat(config.lines().limit(5)).as("rendered by the server as a template").anyMatch(l -> l.matches("#.*enable-template.*"));
    assertThat(config).contains("defaultStore: default").contains("visibilityStore: visibility");
    assertThat(config.split("pluginName: postgres12", -1)).as("both stores on postgres12").hasSize(3);
    List<String> passwords = config.lines().filter(l -> l.trim().startsWith("password:")).toList();
    assertThat(passwords).hasSize(2).allMatch(l -> l.trim().equals("password: {{ env \"POSTGRES_PWD\" | quote }}"));
    for (String service : TEMPORAL_SERVICES) {
      assertThat(config).contains("\n  " + service + ":\n    rpc:\n");
    }
  }

  /** Each service's healthcheck probes the port the configuration gives it (the worker service serves no gRPC). */
  @Test
  void everyTemporalServiceIsCheckedOnItsOwnPortFromTheConfiguration() throws Exception {
    Map<String, String> ports = new HashMap<>();
    Matcher m = CONFIG_PORT.matcher(Files.readString(CONFIG_DIR.resolve("temporal.yaml")));
    while (m.find()) {
      ports.put(m.group(1).toLowerCase() + "/" + m.group(2).toLowerCase(), m.group(3));
    }
    assertThat(ports).hasSize(8);
    assertThat(new LinkedHashSet<>(ports.values())).as("every service has its own ports").hasSize(8);
    for (String service : TEMPORAL_SERVICES) {
      String port = ports.get(service + (service.equals("worker") ? "/membership" : "/grpc"));
      String healthcheck = services.path("temporal-" + service).path("healthcheck").path("test").toString();
      assertThat(healthcheck).as("healthcheck of temporal-%s", service).contains(" " + port + "\"");
    }
    assertThat(list(services.path("temporal-frontend").path("ports")))
        .containsExactly(ports.get("frontend/grpc") + ":" + ports.get("frontend/grpc"));
  }

  @Test
  void registersExactlyTheSearchAttributesTheWorkflowUpserts() {
    Map<String, String> registered = new HashMap<>();
    for (Map.Entry<String, JsonNode> s : entries(services)) {
      Matcher m = SEARCH_ATTRIBUTE_CREATE.matcher(s.getValue().path("command").toString().replace("\\n", "\n"));
      while (m.find()) {
        registered.put(m.group(1), m.group(2));
      }
    }
    Map<String, String> expected = new HashMap<>();
    for (SearchAttributeKey<String> key : SearchAttributes.ALL) {
      expected.put(key.getName(), "Keyword");
    }
    assertThat(registered).isEqualTo(expected);
  }

  @Test
  void theWorkerScalesOutAndItsEnvironmentNamesServicesThatExist() {
    JsonNode worker = services.path("worker");
    assertThat(worker.has("container_name")).as("a fixed container name prevents --scale").isFalse();
    assertThat(worker.has("ports")).as("a host port prevents --scale").isFalse();
    JsonNode env = worker.path("environment");
    String temporalHost = env.path("TEMPORAL_ADDRESS").asText().split(":")[0];
    String cloudHost = URI.create(env.path("FULLECS_CLOUD_URL").asText()).getHost();
    assertThat(names(services)).contains(temporalHost, cloudHost);
    assertThat(names(worker.path("depends_on"))).allMatch(names(services)::contains);
  }

  @Test
  void noSecretIsWrittenInTheFile() {
    JsonNode workerEnv = services.path("worker").path("environment");
    assertThat(workerEnv.path("FULLECS_SERVICE_TOKEN").asText()).startsWith("${FULLECS_SERVICE_TOKEN");
    for (Map.Entry<String, JsonNode> s : entries(services)) {
      for (Map.Entry<String, JsonNode> e : entries(s.getValue().path("environment"))) {
        if (e.getKey().contains("PASSWORD") || e.getKey().contains("PWD") || e.getKey().contains("TOKEN")) {
          assertThat(e.getValue().asText()).as("%s of %s", e.getKey(), s.getKey()).matches("\\$\\{[A-Z_]+:?[?-].*\\}");
        }
      }
    }
  }

  @Test
  void everyServiceHasAHealthcheckOrIsAOneShotJob() {
    for (Map.Entry<String, JsonNode> s : entries(services)) {
      boolean oneShot = "no".equals(s.getValue().path("restart").asText());
      assertThat(oneShot || s.getValue().has("healthcheck")).as("%s", s.getKey()).isTrue();
    }
  }

  @Test
  void dataLivesInNamedVolumes() {
    Set<String> volumes = names(compose.path("volumes"));
    assertThat(volumes).contains("postgresql-data", "cloud-data");
    assertThat(services.path("postgresql").path("volumes").get(0).asText()).startsWith("postgresql-data:");
    assertThat(services.path("cloud-emulator").path("volumes").get(0).asText()).startsWith("cloud-data:");
  }

  @Test
  void everyServiceTheReadmeNamesExistsAndEveryServiceIsDocumented() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("## Docker Compose");
    assertThat(start).as("README has a Docker Compose section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> documented = new ArrayList<>();
    Matcher m = README_SERVICE_ROW.matcher(section);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).isNotEmpty();
    assertThat(names(services)).containsAll(documented);
    assertThat(documented).containsAll(names(services));
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
    List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
    node.fields().forEachRemaining(list::add);
    return list;
  }
}
