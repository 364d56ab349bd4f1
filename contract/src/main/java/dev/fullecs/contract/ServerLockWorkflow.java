package dev.fullecs.contract;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Who holds a server's lock, where the cloud cannot say (F3 on Huawei Cloud: the Nova lock has no
 * holder, and locking a locked server answers 202 and changes nothing). A creation starts one as
 * its child, with the id {@link ImageWorkflows#serverLockWorkflowId}, before it locks the server:
 * Temporal runs at most one workflow of an id at a time, so a second creation of the same server
 * cannot start its own and is refused like F2's "server is locked". It runs until the creation
 * that started it has unlocked the server and cancels it, or until that creation closes.
 */
@WorkflowInterface
public interface ServerLockWorkflow {

  /** Holds the server for {@code creationId} (a creation's workflow id) until cancelled. */
  @WorkflowMethod
  void hold(String creationId);
}
