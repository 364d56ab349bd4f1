package dev.fullecs.starter.temporal;

import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.Violation;
import java.util.List;

/**
 * How a creation ended, with the exit code it maps to: 0 completed, 2 refused by validation,
 * 3 cancelled, 4 maintenance window exceeded, 1 anything else.
 *
 * @param status the workflow's status: COMPLETED, CANCELED, FAILED, TERMINATED, TIMED_OUT; or
 *     {@link #REFUSED} when it failed with VALIDATION_FAILED (F2, a lost lock race F3): nothing
 *     was changed, reported like a refusal the starter caught itself
 * @param failureType the ApplicationFailure type when it failed, else null
 */
public record Outcome(
    String workflowId,
    String runId,
    String status,
    int exitCode,
    CreationResult result,
    String failureType,
    String message,
    List<Violation> violations,
    Retained retained) {
  public static final String REFUSED = "REFUSED";
}
