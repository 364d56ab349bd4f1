package dev.fullecs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributeKey;
import java.time.Duration;

/** What the e2e tests ask Temporal about a creation, through the Java client. */
final class Creations {
  static final SearchAttributeKey<String> IMAGE_ID = SearchAttributeKey.forKeyword("ImageId");

  private Creations() {}

  static WorkflowExecutionDescription describe(Stack stack, String workflowId) {
    return stack.client().newUntypedWorkflowStub(workflowId).describe();
  }

  /**
   * Waits until an activity of {@code type} is pending (and, with {@code started}, has started: a
   * wait is then held by the worker's task watcher, whose first heartbeat comes only 20 s later).
   */
  static void awaitPendingActivity(Stack stack, String workflowId, String type, boolean started,
      Duration atMost) {
    Processes.waitFor(workflowId + " runs " + type, atMost, null, () -> {
      for (PendingActivityInfo p : describe(stack, workflowId).getRawDescription().getPendingActivitiesList()) {
        if (p.getActivityType().getName().equals(type)
            && (!started || p.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)) {
          return true;
        }
      }
      return false;
    });
  }

  /** Waits until the workflow is closed (rides out a server that is restarting) and returns its status. */
  static WorkflowExecutionStatus awaitClosed(Stack stack, String workflowId, Duration atMost) {
    WorkflowExecutionStatus[] status = new WorkflowExecutionStatus[1];
    Processes.waitFor(workflowId + " closes", atMost, null, () -> {
      try {
        status[0] = describe(stack, workflowId).getStatus();
      } catch (RuntimeException e) {
        return false; // the server is not back yet
      }
      return status[0] != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    });
    return status[0];
  }

  /** The memo {@code retained} a stopped creation writes (what it kept), or null. */
  static JsonNode retained(Stack stack, String workflowId) {
    return describe(stack, workflowId).getMemo("retained", JsonNode.class, JsonNode.class);
  }

  static String imageId(Stack stack, String workflowId) {
    return describe(stack, workflowId).getTypedSearchAttributes().get(IMAGE_ID);
  }
}
