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
 * are exactly those the workflow upserts, and the worker can be scaled out.
 */
class ComposeFileTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern PINNED_TAG = Pattern.compile("[^:/@]+(/[^:/@]+)*:[0-9][0-9A-Za-z._-]*");
  private static final Pattern SEARCH_ATTRIBUTE_CREATE =
      Pattern.compile("search-attribute create\\b[^\\n]*?--name (\\w+) --type (\\w+)");
  private static final Pattern README_SERVICE_ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|");

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
    assertThat(names(services)).contains("postgresql", "temporal", "temporal-ui", "cloud-emulator", "worker");
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
    assertThat(services.path("temporal").path("image").asText()).startsWith("temporalio/server:");
    for (Map.Entry<String, JsonNode> s : entries(services)) {
      assertThat(s.getValue().path("image").asText()).doesNotContain("auto-setup");
    }
    assertThat(services.path("temporal-schema").path("image").asText()).startsWith("temporalio/admin-tools:");
    assertThat(services.path("temporal").path("depends_on").path("temporal-schema").path("condition").asText())
        .isEqualTo("service_completed_successfully");
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

  private static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
    List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
    node.fields().forEachRemaining(list::add);
    return list;
  }
}
