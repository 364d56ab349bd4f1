package dev.fullecs.workflows;

import dev.fullecs.contract.ServerLockWorkflow;
import io.temporal.workflow.Workflow;

/**
 * Holds a server for one creation until that creation cancels it after its unlock (or closes,
 * which terminates it: it is started with the parent-close policy TERMINATE). It only waits: no
 * timer, no activity, and its history does not grow with the time it holds the server.
 */
public class ServerLockWorkflowImpl implements ServerLockWorkflow {
  @Override
  public void hold(String creationId) {
    Workflow.getLogger(ServerLockWorkflowImpl.class).info("holding the server for {}", creationId);
    // Returns only by a cancel: the CanceledFailure closes this workflow CANCELED, which is how
    // the creation lets the server go.
    Workflow.await(() -> false);
  }
}
