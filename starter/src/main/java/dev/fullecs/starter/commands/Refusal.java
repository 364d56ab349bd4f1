package dev.fullecs.starter.commands;

import dev.fullecs.contract.Violation;
import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.Outcome;
import java.util.List;

/**
 * A refused request (F2, F3): the same shape whether the starter caught it before it started
 * anything or the workflow did (its validation, or a lost lock race). {@code workflowId} is the
 * creation's id for that request id, started or not.
 */
public record Refusal(String workflowId, String status, int exitCode, List<Violation> violations) implements Output.Result {
  public Refusal(String workflowId, List<Violation> violations) {
    this(workflowId, Outcome.REFUSED, ExitCodes.REFUSED, violations);
  }
}
