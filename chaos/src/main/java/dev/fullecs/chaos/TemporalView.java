package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What Temporal says about one creation: its status, how it ended (failure type and message), the
 * result or the memo it left, and what its history shows of the chaos (activity attempts beyond
 * the first, workflow tasks that timed out because the worker died, a workflow task that keeps
 * failing, when a cancel was requested and when the cleanup began).
 *
 * @param cancelRequestedAt when the history recorded the cancel request, or null
 * @param pendingWorkflowTaskAttempt the attempt of the workflow task pending at the describe (0: none);
 *     above 1 after a failure or a timeout
 * @param workflowTaskProblem the last workflow task in the history that failed for a reason of the
 *     workflow's own (a throw, non-determinism: its cause and message) or timed out, or null. A
 *     task that keeps failing is recorded once: the attempts after it are only in the describe.
 * @param cleanupStartedAt when the first cleanup activity ({@link #CLEANUP_ACTIVITIES}) was
 *     scheduled, or null
 * @param cleanupAttempts the most attempts one cleanup activity took (started, or pending at the describe)
 * @param readAt when this view was read: the end of "how long" for a creation still open
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
    Instant cancelRequestedAt,
    int pendingWorkflowTaskAttempt,
    String workflowTaskProblem,
    Instant cleanupStartedAt,
    int cleanupAttempts,
    Instant readAt) {

  /**
   * The activities a stopped creation cleans up with (the image deleted or marked failed, keeping
   * the backups): their type names as the workflow's activity stubs register them.
   */
  static final Set<String> CLEANUP_ACTIVITIES = Set.of("DeleteKeepingBackups", "MarkFailed");

  /** A workflow task that fails this many attempts in a row is stuck: it will fail the same way again. */
  static final int STUCK_WORKFLOW_TASK_ATTEMPTS = 3;

  static TemporalView read(WorkflowClient client, String workflowId) throws IOException {
    DescribeWorkflowExecutionResponse d = describe(client, workflowId);
    Instant readAt = Instant.now();
    var info = d.getWorkflowExecutionInfo();
    String status = info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    Payload memo = info.getMemo().getFieldsMap().get("retained");
    String firstRunId = info.getFirstRunId().isEmpty() ? info.getExecution().getRunId() : info.getFirstRunId();
    String keyBase = workflowId + "/" + firstRunId;
    String failureType = null;
    String failureMessage = null;
    JsonNode result = null;
    Instant closedAt = null;
    Instant cancelRequestedAt = null;
    Instant cleanupStartedAt = null;
    String wftProblem = null;
    int retries = 0;
    int wftTimeouts = 0;
    int wftFailures = 0;
    int events = 0;
    int cleanupAttempts = 0;
    Map<Long, String> activityTypes = new HashMap<>();
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      events++;
      EventType t = e.getEventType();
      if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        String type = e.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        activityTypes.put(e.getEventId(), type);
        if (cleanupStartedAt == null && CLEANUP_ACTIVITIES.contains(type)) {
          cleanupStartedAt = instant(e.getEventTime());
        }
      } else if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        var started = e.getActivityTaskStartedEventAttributes();
        retries += Math.max(0, started.getAttempt() - 1);
        if (CLEANUP_ACTIVITIES.contains(activityTypes.get(started.getScheduledEventId()))) {
          cleanupAttempts = Math.max(cleanupAttempts, started.getAttempt());
        }
      } else if (t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED) {
        cancelRequestedAt = cancelRequestedAt == null ? instant(e.getEventTime()) : cancelRequestedAt;
      } else if (t == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) {
        wftTimeouts++;
        wftProblem = "timed out (" + e.getWorkflowTaskTimedOutEventAttributes().getTimeoutType().name()
            .replace("TIMEOUT_TYPE_", "") + ")";
      } else if (t == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
        wftFailures++;
        var f = e.getWorkflowTaskFailedEventAttributes();
        if (isOwnFailure(f.getCause())) {
          wftProblem = "failed (" + f.getCause().name().replace("WORKFLOW_TASK_FAILED_CAUSE_", "") + "): "
              + f.getFailure().getMessage();
        }
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
    for (PendingActivityInfo a : d.getPendingActivitiesList()) {
      if (CLEANUP_ACTIVITIES.contains(a.getActivityType().getName())) {
        cleanupAttempts = Math.max(cleanupAttempts, a.getAttempt());
      }
    }
    int pendingWftAttempt = d.hasPendingWorkflowTask() ? d.getPendingWorkflowTask().getAttempt() : 0;
    return new TemporalView(workflowId, status, failureType, failureMessage, imageId(keyBase), keyBase,
        result, memo == null ? null : json(memo), instant(info.getStartTime()), closedAt, events,
        retries, wftTimeouts, wftFailures, cancelRequestedAt, pendingWftAttempt, wftProblem, cleanupStartedAt,
        cleanupAttempts, readAt);
  }

  /**
   * When one activity of the creation ran, as its history shows it: from its scheduling to its
   * close (every attempt lies in between), and whether it completed. {@code closedAt} is null while
   * it is open.
   */
  record Span(String activity, Instant scheduledAt, Instant closedAt, boolean completed) {
    /** Whether {@code t} lies in the span, give or take {@code slack} (open spans have no end). */
    boolean covers(Instant t, java.time.Duration slack) {
      return !t.isBefore(scheduledAt.minus(slack)) && (closedAt == null || !t.isAfter(closedAt.plus(slack)));
    }
  }

  /** The activities whose spans {@link #spans} reads: the lock and the unlock of the server (F3). */
  static final Set<String> LOCK_ACTIVITIES = Set.of("LockEcs", "UnlockEcs");

  /**
   * The spans of the creation's {@link #LOCK_ACTIVITIES}, in history order. On Huawei's surface the
   * cloud's lock has no holder: these spans are how the checks tell whose lock or unlock a Nova
   * action in the emulator's audit log was ({@link HuaweiReading}).
   */
  static List<Span> spans(WorkflowClient client, String workflowId) {
    Map<Long, String> types = new HashMap<>();
    Map<Long, Instant> scheduled = new HashMap<>();
    Map<Long, Span> closed = new LinkedHashMap<>();
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      EventType t = e.getEventType();
      long scheduledId;
      boolean completed = false;
      if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        String type = e.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        if (LOCK_ACTIVITIES.contains(type)) {
          types.put(e.getEventId(), type);
          scheduled.put(e.getEventId(), instant(e.getEventTime()));
          closed.put(e.getEventId(), new Span(type, instant(e.getEventTime()), null, false));
        }
        continue;
      } else if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        scheduledId = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        completed = true;
      } else if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED) {
        scheduledId = e.getActivityTaskFailedEventAttributes().getScheduledEventId();
      } else if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT) {
        scheduledId = e.getActivityTaskTimedOutEventAttributes().getScheduledEventId();
      } else if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED) {
        scheduledId = e.getActivityTaskCanceledEventAttributes().getScheduledEventId();
      } else {
        continue;
      }
      if (types.containsKey(scheduledId)) {
        closed.put(scheduledId, new Span(types.get(scheduledId), scheduled.get(scheduledId),
            instant(e.getEventTime()), completed));
      }
    }
    return new ArrayList<>(closed.values());
  }

  static DescribeWorkflowExecutionResponse describe(WorkflowClient client, String workflowId) {
    return client.getWorkflowServiceStubs().blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build());
  }

  /**
   * A workflow task failure of the workflow's own making: not the server's refusal of a task's
   * commands because a signal, update or cancel arrived meanwhile, which the next task handles.
   */
  static boolean isOwnFailure(WorkflowTaskFailedCause cause) {
    return cause != WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND
        && cause != WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE
        && cause != WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_UPDATE;
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

  boolean cancelRequested() {
    return cancelRequestedAt != null;
  }

  /**
   * Still running on a workflow task that fails again and again (it will never move by itself).
   * Seen after the kills are over, a task of attempt 3 or more has not failed because of them.
   */
  boolean stuckOnWorkflowTask() {
    return "RUNNING".equals(status) && workflowTaskProblem != null
        && pendingWorkflowTaskAttempt >= STUCK_WORKFLOW_TASK_ATTEMPTS;
  }

  /** When it closed, or when it was seen still open. */
  Instant closedOrReadAt() {
    return closedAt != null ? closedAt : readAt;
  }

  private static JsonNode json(Payload p) throws IOException {
    return CloudAdmin.JSON.readTree(p.getData().toStringUtf8());
  }

  private static Instant instant(com.google.protobuf.Timestamp ts) {
    return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
  }
}
