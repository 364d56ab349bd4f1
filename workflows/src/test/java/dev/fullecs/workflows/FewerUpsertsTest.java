package dev.fullecs.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.Violation;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fewer-upserts} (issue 15): a creation writes fewer search-attribute upserts than before
 * and ends with the same search attributes. "Before" is the recorded histories of v5, made by the
 * code without the marker on a real dev server: what their upserts set, merged, is what a creation
 * of the same story set then.
 */
class FewerUpsertsTest {
  /** The upserts a creation makes since fewer-upserts, by story (before: 5, 4, 5 and 1). */
  static final int HAPPY_PATH = 3;
  static final int FROM_BACKUP = 3;
  static final int CANCELLED_DURING_BACKUP = 3;
  static final int VALIDATION_FAILURE = 1;

  private CreationTestEnv testEnv;

  @AfterEach
  void tearDown() {
    if (testEnv != null) {
      testEnv.close();
    }
  }

  private List<HistoryEvent> events(WorkflowStub run) {
    return testEnv.client.fetchHistory(run.getExecution().getWorkflowId()).getEvents();
  }

  private static long upserts(List<HistoryEvent> events) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .count();
  }

  /** What the workflow's upserts set, merged in order: the attributes it leaves at the end. */
  private static Map<String, String> upserted(List<HistoryEvent> events) {
    Map<String, String> merged = new TreeMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) {
        e.getUpsertWorkflowSearchAttributesEventAttributes().getSearchAttributes()
            .getIndexedFieldsMap()
            .forEach((k, v) -> merged.put(k, string(v)));
      }
    }
    return merged;
  }

  private static String string(Payload p) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(p, String.class, String.class);
  }

  private static Map<String, String> recordedV5(String scenario) throws Exception {
    return upserted(RecordedHistoriesReplayTest.history("v5/" + scenario + ".json").getEvents());
  }

  private static boolean hasMarker(List<HistoryEvent> events, String changeId) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .anyMatch(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId")
            .getPayloads(0).getData().toStringUtf8().contains(changeId));
  }

  /** The search attributes the server holds for the execution (describe), as strings. */
  private Map<String, String> described(WorkflowStub run) {
    Map<String, String> all = new TreeMap<>();
    testEnv.client.getWorkflowServiceStubs().blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(testEnv.env.getNamespace())
                .setExecution(run.getExecution())
                .build())
        .getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap()
        .forEach((k, v) -> all.put(k, string(v)));
    return all;
  }

  /** The values of the recorded run's request and ids, replaced by this run's. */
  private static void assertSameAsBefore(
      Map<String, String> now, Map<String, String> before, String imageId, String serverId) {
    assertThat(now.keySet()).as("the same attributes as before").isEqualTo(before.keySet());
    assertThat(now.get("ImageStatus")).isEqualTo(before.get("ImageStatus"));
    assertThat(now.get("TenantId")).isEqualTo(before.get("TenantId"));
    assertThat(now.get("Region")).isEqualTo(before.get("Region"));
    assertThat(now.get("ImageId")).isEqualTo(imageId);
    if (serverId != null) {
      assertThat(now.get("EcsId")).isEqualTo(serverId);
    }
  }

  @Test
  void aHappyCreationUpsertsThreeTimesAndEndsWithTheAttributesOfBefore() throws Exception {
    testEnv = CreationTestEnv.start(new FakeCloud(2));
    WorkflowStub run = testEnv.startCreation(CreationTestEnv.request(null));
    CreationResult result = run.getResult(CreationResult.class);
    List<HistoryEvent> events = events(run);

    assertThat(hasMarker(events, FullEcsImageWorkflowImpl.FEWER_UPSERTS)).isTrue();
    assertThat(upserts(events)).isEqualTo(HAPPY_PATH);
    assertThat(upserts(RecordedHistoriesReplayTest.history("v5/happy-path-1-disk.json").getEvents()))
        .as("before").isEqualTo(5);
    Map<String, String> now = upserted(events);
    assertSameAsBefore(now, recordedV5("happy-path-1-disk"), result.imageId(), "ecs-web-01");
    assertThat(now).containsEntry("ImageStatus", "NORMAL").containsEntry("ImageName", "web-full");
    assertThat(described(run)).containsAllEntriesOf(now);
    // The AZ-only NORMAL is still in the result (F6 then F7); only its upsert is gone.
    assertThat(result.imageStatus()).isEqualTo("NORMAL");
  }

  @Test
  void aCreationFromABackupUpsertsThreeTimesAndEndsWithTheAttributesOfBefore() throws Exception {
    testEnv = CreationTestEnv.start(new FakeCloud(2));
    WorkflowStub run = testEnv.startCreation(CreationTestEnv.fromBackup("req-2"));
    CreationResult result = run.getResult(CreationResult.class);
    List<HistoryEvent> events = events(run);

    assertThat(upserts(events)).isEqualTo(FROM_BACKUP);
    assertSameAsBefore(upserted(events), recordedV5("source-cbr-backup"), result.imageId(), "ecs-1");
    assertThat(described(run)).containsAllEntriesOf(upserted(events));
  }

  @Test
  void aCancelledCreationUpsertsThreeTimesAndEndsWithTheAttributesOfBefore() throws Exception {
    testEnv = CreationTestEnv.start(new FakeCloud(2).gate("awaitBackup"));
    WorkflowStub run = testEnv.startCreation(CreationTestEnv.request(null));
    assertThat(testEnv.cloud.awaitEntered("awaitBackup")).isTrue();
    // While the backup runs the image is CREATING for a filter (before: NORMAL in the source AZ).
    assertThat(upserted(events(run))).containsEntry("ImageStatus", "CREATING");
    run.cancel();
    testEnv.awaitActivityCancelRequested(run);
    testEnv.cloud.release("awaitBackup");
    assertThatThrownBy(() -> run.getResult(CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    List<HistoryEvent> events = events(run);

    assertThat(upserts(events)).isEqualTo(CANCELLED_DURING_BACKUP);
    assertSameAsBefore(
        upserted(events), recordedV5("cancel-during-backup"), testEnv.cloud.imageId, "ecs-web-01");
  }

  /**
   * The one difference: a refused request that names a server now has it as EcsId (before: no
   * EcsId, since it came from validation); the starter sets it at the start anyway.
   */
  @Test
  void aRefusedRequestUpsertsOnceWithTheServerItNamed() throws Exception {
    FakeCloud fake = new FakeCloud(2);
    fake.violations.add(new Violation("ECS_IS_BMS", "this does not apply to a BMS", null));
    testEnv = CreationTestEnv.start(fake);
    WorkflowStub run = testEnv.startCreation(CreationTestEnv.request(null));
    assertThatThrownBy(() -> run.getResult(CreationResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    List<HistoryEvent> events = events(run);

    assertThat(upserts(events)).isEqualTo(VALIDATION_FAILURE);
    Map<String, String> before = new TreeMap<>(recordedV5("validation-failure"));
    assertThat(before).doesNotContainKey("EcsId");
    before.put("EcsId", "ecs-web-01");
    Map<String, String> now = upserted(events);
    assertThat(now.keySet()).isEqualTo(before.keySet());
    assertThat(now).containsEntry("EcsId", "ecs-web-01").doesNotContainKey("ImageStatus");
  }
}
