package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The faults the run wants the emulator to inject right now ({@code PUT /admin/faults}): transient
 * faults on every {@code /v1/} operation, and, in turn, a whole-service outage, then a slow cloud
 * that refuses one operation. The emulator keeps them in memory, so the run sends them again after
 * it restarts the emulator.
 *
 * @param rate share of calls with a transient fault: 429 and 503 answers, requests held
 *     {@code hangMs} (past the client's 30 s timeout), and changes committed whose answer is lost
 * @param delayMs added to every call (0: none)
 * @param refusedOperation an operation answered {@code refuseStatus} / {@code refuseCode} on every
 *     request, or null
 */
record CloudFaults(double rate, long hangMs, boolean outage, long delayMs, String refusedOperation,
    int refuseStatus, String refuseCode) {

  static final CloudFaults NONE = new CloudFaults(0, 0, false, 0, null, 0, null);

  static CloudFaults transientOnly(double rate, long hangMs) {
    return new CloudFaults(rate, hangMs, false, 0, null, 0, null);
  }

  CloudFaults withOutage(boolean on) {
    return new CloudFaults(rate, hangMs, on, delayMs, refusedOperation, refuseStatus, refuseCode);
  }

  /** Slow (every call delayed) and refusing one operation; the outage, if any, is over. */
  CloudFaults recovering(long delay, String operation, int status, String code) {
    return new CloudFaults(rate, hangMs, false, delay, operation, status, code);
  }

  /** Only the transient faults again. */
  CloudFaults recovered() {
    return transientOnly(rate, hangMs);
  }

  /** The body of {@code PUT /admin/faults}. An operation's own entry wins over {@code "*"}, so it repeats it. */
  ObjectNode json() {
    ObjectNode body = CloudAdmin.JSON.createObjectNode().put("outage", outage);
    ObjectNode operations = body.putObject("operations");
    if (rate > 0 || delayMs > 0) {
      operations.set("*", everyOperation());
    }
    if (refusedOperation != null) {
      operations.set(refusedOperation, everyOperation()
          .put("refuse_status", refuseStatus)
          .put("refuse_code", refuseCode));
    }
    return body;
  }

  private ObjectNode everyOperation() {
    return CloudAdmin.JSON.createObjectNode()
        .put("p429", rate * 0.40)
        .put("p503", rate * 0.30)
        .put("p_hang", rate * 0.05)
        .put("hang_ms", hangMs)
        .put("p_lost_response", rate * 0.30)
        .put("delay_ms", delayMs);
  }
}
