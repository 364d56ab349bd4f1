package dev.fullecs.starter.temporal;

import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.starter.StarterException;

/**
 * A client request id becomes part of the workflow id (F16), which Temporal limits and every
 * operator reads in lists and logs: 1 to 128 letters, digits, '-', '_', '.' or ':'
 * ({@link ImageWorkflows#REQUEST_ID}).
 */
public final class RequestIds {
  public static final int MAX = 128;

  private RequestIds() {}

  /** The given request id, checked, or a new UUID when none was given. */
  public static String orNew(String requestId) {
    return requestId != null ? check(requestId) : java.util.UUID.randomUUID().toString();
  }

  /** Refuses (exit 2) a request id that cannot be part of a workflow id. */
  public static String check(String requestId) {
    if (!ImageWorkflows.REQUEST_ID.matcher(requestId).matches()) {
      String what = requestId.length() > MAX
          ? "it has " + requestId.length() + " characters"
          : "it is empty or contains other characters";
      throw StarterException.refused("request id is invalid (" + what + "): use 1 to " + MAX
          + " letters, digits, '-', '_', '.' or ':'");
    }
    return requestId;
  }
}
