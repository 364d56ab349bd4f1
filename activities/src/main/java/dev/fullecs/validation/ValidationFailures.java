package dev.fullecs.validation;

import dev.fullecs.contract.Violation;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fullecs.contract.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.lang.reflect.Type;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one way a validation failure travels through Temporal: a non-retryable {@code
 * VALIDATION_FAILED} whose single detail is the {@code List<Violation>}, and whose message joins
 * them. The workflow and the starter read the list back with {@link #violations}.
 */
public final class ValidationFailures {
  private static final Type LIST_OF_VIOLATIONS = new TypeReference<List<Violation>>() {}.getType();

  private ValidationFailures() {}

  public static ApplicationFailure failure(List<Violation> violations) {
    return ApplicationFailure.newNonRetryableFailure(
        message(violations), FailureType.VALIDATION_FAILED.name(), List.copyOf(violations));
  }

  /** {@code the request breaks 2 rules: ECS_IS_BMS: ...; VAULT_NOT_FOUND: ...}. */
  public static String message(List<Violation> violations) {
    return "the request breaks " + violations.size()
        + (violations.size() == 1 ? " rule: " : " rules: ")
        + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  /** The violations a VALIDATION_FAILED failure carries; empty for any other failure. */
  public static List<Violation> violations(ApplicationFailure failure) {
    if (!FailureType.VALIDATION_FAILED.name().equals(failure.getType())
        || failure.getDetails() == null
        || failure.getDetails().getSize() == 0) {
      return List.of();
    }
    List<Violation> list = failure.getDetails().get(0, List.class, LIST_OF_VIOLATIONS);
    return list == null ? List.of() : list;
  }
}
