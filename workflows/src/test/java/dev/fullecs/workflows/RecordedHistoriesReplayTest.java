package dev.fullecs.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullecs.contract.ImageWorkflows;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.api.enums.v1.EventType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every recorded history ({@code histories/VERSION/SCENARIO.json}, recorded on a real
 * dev server by {@code scripts/record-histories.sh}) against today's workflow code. A failure
 * names the file: the change made the workflow incompatible with executions started under that
 * version, and must go behind {@code Workflow.getVersion} (see CONTRIBUTING.md).
 */
class RecordedHistoriesReplayTest {
  static final List<String> SCENARIOS =
      List.of(
          "happy-path-1-disk",
          "happy-path-8-data-disks",
          "validation-failure",
          "cancel-during-snapshots",
          "cancel-during-backup",
          "maintenance-window-exceeded",
          "permanent-failure-at-backup",
          "worker-crashed-and-resumed",
          "source-cbr-backup");

  /** Recorded from v3 on: the paths issue 12 found unrecorded. */
  static final List<String> SCENARIOS_SINCE_V3 =
      List.of(
          "extend-window",
          "direct-image-delete",
          "lost-lock-race",
          "cancel-during-lock",
          "cancel-during-unlock",
          "cancel-from-backup");

  /** From v5 on: Huawei mode, where the creation holds the server with a ServerLockWorkflow. */
  static final List<String> SCENARIOS_SINCE_V5 =
      List.of(
          "huawei-happy-path",
          "huawei-won-lock-race",
          "huawei-lost-lock-race",
          "huawei-cancel-during-snapshots");

  static Path historiesDir() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(
                RecordedHistoriesReplayTest.class.getResource("/histories"),
                "no recorded histories on the test classpath")
            .toURI());
  }

  static Stream<String> histories() throws Exception {
    Path dir = historiesDir();
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  static WorkflowExecutionHistory history(String file) throws Exception {
    return WorkflowExecutionHistory.fromJson(Files.readString(historiesDir().resolve(file)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysWithoutNonDeterminism(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history(file), FullEcsImageWorkflowImpl.class);
  }

  @Test
  void everyVersionHasEveryScenario() throws IOException, URISyntaxException {
    try (Stream<Path> versions = Files.list(historiesDir())) {
      List<Path> dirs = versions.filter(Files::isDirectory).toList();
      assertThat(dirs).isNotEmpty();
      for (Path version : dirs) {
        List<String> expected = new java.util.ArrayList<>(SCENARIOS);
        if (Integer.parseInt(version.getFileName().toString().substring(1)) >= 3) {
          expected.addAll(SCENARIOS_SINCE_V3);
        }
        if (Integer.parseInt(version.getFileName().toString().substring(1)) >= 5) {
          expected.addAll(SCENARIOS_SINCE_V5);
        }
        for (String scenario : expected) {
          assertThat(version.resolve(scenario + ".json")).as(version.getFileName() + "/" + scenario)
              .exists();
        }
      }
    }
  }

  /**
   * The v5 Huawei scenarios exercise what they are named for: the winner of the race started its
   * ServerLockWorkflow and cancelled it after the unlock; the loser's start of it failed, and the
   * loser locked nothing.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"v5", "v6", "v7"})
  void theHuaweiLockRaceHistoriesHoldTheServerWithAChildWorkflow(String version) throws Exception {
    List<EventType> won = eventTypes(version + "/huawei-won-lock-race.json");
    assertThat(won)
        .contains(
            EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
            EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
            EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    List<EventType> lost = eventTypes(version + "/huawei-lost-lock-race.json");
    assertThat(lost).contains(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED);
    assertThat(history(version + "/huawei-lost-lock-race.json").getEvents().stream()
            .filter(e -> e.hasActivityTaskScheduledEventAttributes())
            .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
        .containsExactly("ValidateCreation");
  }

  /** v6 exercises fewer-upserts: a happy path upserts 3 times, where v5's upserted 5 times. */
  @Test
  void theV6HistoriesCarryTheFewerUpserts() throws Exception {
    assertThat(eventTypes("v5/happy-path-1-disk.json"))
        .filteredOn(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES::equals).hasSize(5);
    assertThat(eventTypes("v6/happy-path-1-disk.json"))
        .filteredOn(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES::equals).hasSize(3);
  }

  /**
   * v7 exercises the waits on the creation's task queue (issue 15): v6's happy path scheduled its
   * waits on the old waits' queue, v7's schedules every activity on the creation's own.
   */
  @Test
  void theV7HistoriesScheduleTheWaitsOnTheCreationsTaskQueue() throws Exception {
    assertThat(waitQueues("v6/happy-path-1-disk.json")).containsOnly(ImageWorkflows.WAITS_TASK_QUEUE);
    assertThat(waitQueues("v7/happy-path-1-disk.json")).containsOnly(ImageWorkflows.TASK_QUEUE);
  }

  /** The task queues of a history's AwaitSnapshot and AwaitBackup activities. */
  private static List<String> waitQueues(String file) throws Exception {
    return history(file).getEvents().stream()
        .filter(e -> e.hasActivityTaskScheduledEventAttributes())
        .map(e -> e.getActivityTaskScheduledEventAttributes())
        .filter(a -> a.getActivityType().getName().startsWith("Await"))
        .map(a -> a.getTaskQueue().getName())
        .toList();
  }

  private static List<EventType> eventTypes(String file) throws Exception {
    return history(file).getEvents().stream().map(e -> e.getEventType()).toList();
  }

  /** The guard works: the image record made before the lock cannot replay a recorded creation. */
  @Test
  void imageRecordBeforeTheLockIsReportedAsNonDeterministic() throws Exception {
    WorkflowExecutionHistory recorded = history("v1/happy-path-1-disk.json");
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    recorded, ImageRecordBeforeLockWorkflowImpl.class))
        .hasStackTraceContaining("NonDeterministicException")
        .hasStackTraceContaining("CreateImageRecord");
  }
}
