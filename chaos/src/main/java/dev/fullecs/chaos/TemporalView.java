package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * What Temporal says about one creation: its status, how it ended (failure type and message), the
 * result or the memo it left, and what its history shows of the chaos (activity attempts beyond
 * the first, workflow tasks that timed out because the worker died).
 */
record TemporalView(
    String workflowId,
    String status,
    String failureType,
    String failureMessage,
    String imageId,
    String keyBase,
    JsonNode result,
    JsonNode retainedMemo,
    Instant startedAt,
    Instant closedAt,
    int events,
    int activityRetries,
    int workflowTaskTimeouts,
    int workflowTaskFailures,
    boolean cancelRequested) {

  static TemporalView read(WorkflowClient client, String workflowId) throws IOException {
    DescribeWorkflowExecutionResponse d = client.getWorkflowServiceStubs().blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build());
    var info = d.getWorkflowExecutionInfo();
    String status = info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    Payload memo = info.getMemo().getFieldsMap().get("retained");
    String firstRunId = info.getFirstRunId().isEmpty() ? info.getExecution().getRunId() : info.getFirstRunId();
    String keyBase = workflowId + "/" + firstRunId;
    String failureType = null;
    String failureMessage = null;
    JsonNode result = null;
    Instant closedAt = null;
    int retries = 0;
    int wftTimeouts = 0;
    int wftFailures = 0;
    int events = 0;
    boolean cancelRequested = false;
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      events++;
      EventType t = e.getEventType();
      if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        retries += Math.max(0, e.getActivityTaskStartedEventAttributes().getAttempt() - 1);
      } else if (t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED) {
        cancelRequested = true;
      } else if (t == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) {
        wftTimeouts++;
      } else if (t == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
        wftFailures++;
      } else if (t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED) {
        var f = e.getWorkflowExecutionFailedEventAttributes().getFailure();
        failureType = f.hasApplicationFailureInfo() ? f.getApplicationFailureInfo().getType() : "(not an application failure)";
        failureMessage = f.getMessage();
      } else if (t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
        var p = e.getWorkflowExecutionCompletedEventAttributes().getResult();
        if (p.getPayloadsCount() > 0) {
          result = json(p.getPayloads(0));
        }
      }
      if (t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED
          || t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED
          || t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED
          || t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED
          || t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT) {
        closedAt = instant(e.getEventTime());
      }
    }
    return new TemporalView(workflowId, status, failureType, failureMessage, imageId(keyBase), keyBase,
        result, memo == null ? null : json(memo), instant(info.getStartTime()), closedAt, events,
        retries, wftTimeouts, wftFailures, cancelRequested);
  }

  /** As the workflow derives it (IdempotencyKeys): from the workflow id and its first run id. */
  static String imageId(String keyBase) {
    return "img-" + UUID.nameUUIDFromBytes(keyBase.getBytes(StandardCharsets.UTF_8));
  }

  String snapshotKeyPrefix() {
    return keyBase + "/snapshot/";
  }

  String backupKey() {
    return keyBase + "/backup";
  }

  boolean closedBefore(Instant t) {
    return closedAt != null && closedAt.isBefore(t);
  }

  private static JsonNode json(Payload p) throws IOException {
    return CloudAdmin.JSON.readTree(p.getData().toStringUtf8());
  }

  private static Instant instant(com.google.protobuf.Timestamp ts) {
    return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
  }
}
