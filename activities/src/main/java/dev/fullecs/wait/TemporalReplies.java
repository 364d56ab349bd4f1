package dev.fullecs.wait;

import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.ActivityNotExistsException;
import io.temporal.client.ActivityPausedException;
import io.temporal.client.ActivityResetException;
import io.temporal.client.WorkflowClient;

/**
 * {@link ActivityReplies} through Temporal's {@link ActivityCompletionClient}, with the worker's own
 * client (its data converter, so payload encryption applies as it does to the activities' own
 * results). Answers are retried by the SDK on transient gRPC errors; a heartbeat is not.
 */
public final class TemporalReplies implements ActivityReplies {
  private final ActivityCompletionClient client;

  public TemporalReplies(WorkflowClient workflowClient) {
    this.client = workflowClient.newActivityCompletionClient();
  }

  @Override
  public Heard heartbeat(byte[] taskToken, Object details) {
    try {
      client.heartbeat(taskToken, details);
      return Heard.OK;
    } catch (ActivityCanceledException e) {
      return Heard.CANCEL_REQUESTED;
    } catch (ActivityResetException | ActivityPausedException e) {
      return Heard.HAND_BACK;
    } catch (ActivityNotExistsException e) {
      return Heard.GONE;
    }
  }

  @Override
  public Heard complete(byte[] taskToken, Object result) {
    try {
      client.complete(taskToken, result);
      return Heard.OK;
    } catch (ActivityNotExistsException e) {
      return Heard.GONE;
    }
  }

  @Override
  public Heard fail(byte[] taskToken, Exception failure) {
    try {
      client.completeExceptionally(taskToken, failure);
      return Heard.OK;
    } catch (ActivityNotExistsException e) {
      return Heard.GONE;
    }
  }

  @Override
  public Heard cancelled(byte[] taskToken) {
    try {
      client.reportCancellation(taskToken, null);
      return Heard.OK;
    } catch (ActivityNotExistsException e) {
      return Heard.GONE;
    }
  }
}
