package dev.fullecs.workflows;

import dev.fullecs.contract.Step;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;

/**
 * Refuses {@code temporal workflow reset} of a creation (the README says why, and what to do
 * instead). A reset run shares the first run's id, so every step would send the keys of the first
 * run and get the cloud's recorded answers back (a 200 for a lock no longer held, an errored
 * snapshot again).
 *
 * <p>A reset run is told apart by its run id, which differs from the first run's (creations are
 * never continued-as-new nor retried as a workflow). The decision is recorded as a version marker
 * per step ({@code reset-refused-STEP}): while the reset run replays the steps it inherited, no
 * marker is found and nothing changes; at the first step it runs anew, the marker is written and the
 * creation stops; a later replay of the reset run finds that marker again.
 */
final class ResetGuard {
  static final String CHANGE_PREFIX = "reset-refused-";

  private ResetGuard() {}

  /** True when this run is a reset and {@code step} is the first it runs anew. */
  static boolean refuses(Step step) {
    WorkflowInfo info = Workflow.getInfo();
    return !info.getRunId().equals(info.getFirstExecutionRunId())
        && Workflow.getVersion(CHANGE_PREFIX + step.name(), Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
