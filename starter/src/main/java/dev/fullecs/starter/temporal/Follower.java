package dev.fullecs.starter.temporal;

import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.commands.Session;
import dev.fullecs.starter.render.ProgressDisplay;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Duration;
import java.util.Optional;

/** Follows a creation until it closes, showing its progress, then says how it ended. */
public final class Follower {
  private Follower() {}

  public static Outcome follow(
      Session session, Creations creations, String workflowId, ProgressDisplay display, Duration timeout) {
    LiveProgress.Tracker tracker =
        new LiveProgress.Tracker(session.temporal().getOptions().getDataConverter());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<WorkflowExecutionDescription> description = creations.describe(workflowId);
      if (description.isEmpty()) {
        throw StarterException.refused("there is no creation " + workflowId);
      }
      boolean open = Creations.isOpen(description.get());
      LiveProgress live =
          tracker.look(workflowId, description.get(), creations.progress(workflowId), session.cloud);
      display.show(live);
      if (!open) {
        return creations.awaitOutcome(
            workflowId, description.get().getExecution().getRunId(), 30);
      }
      if (System.nanoTime() > deadline) {
        throw StarterException.failed(
            "creation " + workflowId + " is still running after " + timeout.toSeconds()
                + "s; follow it with `watch " + workflowId + "`");
      }
      try {
        Thread.sleep(session.context.refresh().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StarterException.failed("interrupted");
      }
    }
  }
}
