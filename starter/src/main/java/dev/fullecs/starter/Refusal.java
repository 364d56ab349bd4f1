package dev.fullecs.starter;

import dev.fullecs.contract.Violation;
import java.util.List;

/**
 * A refused request (F2, F3): the same shape whether the starter caught it before it started
 * anything or the workflow did (its validation, or a lost lock race). {@code workflowId} is the
 * creation's id for that request id, started or not.
 */
record Refusal(String workflowId, String status, int exitCode, List<Violation> violations) implements Output.Result {
  Refusal(String workflowId, List<Violation> violations) {
    this(workflowId, Outcome.REFUSED, ExitCodes.REFUSED, violations);
  }
}
