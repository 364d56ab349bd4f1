package dev.fullecs.workflows.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every recorded history of the provisioning and replication workflows
 * ({@code use-histories/VERSION/SCENARIO.json}, recorded on a real dev server by
 * {@code scripts/record-use-histories.sh}) against today's code. A failure names the file: the
 * change needs {@code Workflow.getVersion} (CONTRIBUTING.md).
 */
class RecordedUseHistoriesReplayTest {
  static final List<String> SCENARIOS = List.of(
      "provision-two-servers",
      "provision-refused",
      "provision-cancelled",
      "replicate-to-region-pair",
      "replicate-refused-in-region");

  static Path dir() throws Exception {
    return Path.of(Objects.requireNonNull(
        RecordedUseHistoriesReplayTest.class.getResource("/use-histories"), "no recorded use histories").toURI());
  }

  static Stream<String> histories() throws Exception {
    try (Stream<Path> files = Files.walk(dir())) {
      Path root = dir();
      return files.filter(p -> p.toString().endsWith(".json")).map(p -> root.relativize(p).toString())
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysWithoutNonDeterminism(String file) throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(dir().resolve(file)));
    WorkflowReplayer.replayWorkflowExecution(
        history, ProvisionFromImageWorkflowImpl.class, ReplicateImageWorkflowImpl.class);
  }

  @Test
  void everyVersionHasEveryScenario() throws Exception {
    try (Stream<Path> versions = Files.list(dir())) {
      List<Path> dirs = versions.filter(Files::isDirectory).toList();
      assertThat(dirs).isNotEmpty();
      for (Path version : dirs) {
        for (String scenario : SCENARIOS) {
          assertThat(version.resolve(scenario + ".json")).as(version.getFileName() + "/" + scenario).exists();
        }
      }
    }
  }
}
