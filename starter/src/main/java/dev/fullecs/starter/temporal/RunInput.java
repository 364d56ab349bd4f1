package dev.fullecs.starter.temporal;

import dev.fullecs.starter.StarterException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Optional;

/**
 * A run's own input, as its {@code WorkflowExecutionStarted} event recorded it: what the run was
 * started for, whoever started it (the starter, {@code temporal workflow start}, the Web UI). Read
 * with the client's data converter, so an encrypted input opens as it does for the worker.
 */
public final class RunInput {
  private final WorkflowClient client;
  private final String workflowId;
  private final Optional<Payloads> payloads;

  private RunInput(WorkflowClient client, String workflowId, Optional<Payloads> payloads) {
    this.client = client;
    this.workflowId = workflowId;
    this.payloads = payloads;
  }

  /** The input of the run {@code runId} of {@code workflowId}: one event, the history's first. */
  public static RunInput of(WorkflowClient client, String workflowId, String runId) {
    GetWorkflowExecutionHistoryRequest request =
        GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
            .setMaximumPageSize(1)
            .build();
    List<HistoryEvent> events =
        client.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(request)
            .getHistory().getEventsList();
    Optional<Payloads> input =
        events.isEmpty() || !events.get(0).hasWorkflowExecutionStartedEventAttributes()
            ? Optional.empty()
            : Optional.of(events.get(0).getWorkflowExecutionStartedEventAttributes().getInput());
    return new RunInput(client, workflowId, input);
  }

  /** The {@code index}-th argument of the workflow method, or null when there is none. */
  public <T> T arg(int index, Class<T> type) {
    if (payloads.isEmpty() || payloads.get().getPayloadsCount() <= index) {
      return null;
    }
    try {
      return client.getOptions().getDataConverter().fromPayloads(index, payloads, type, type);
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw StarterException.failed("cannot read the request that " + workflowId + " was started with: " + why);
    }
  }
}
