package dev.fullecs.workflows;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Idempotency keys and the image id, derived from the workflow id and its first run id (F13,
 * F16): stable across retries, worker crashes and replays of one creation; fresh for a new run
 * started after a failure or a cancel.
 */
final class IdempotencyKeys {
  private final String base;

  IdempotencyKeys(String workflowId, String firstRunId) {
    this.base = workflowId + "/" + firstRunId;
  }

  /** The image id, chosen before the lock so that the lock can name its holder (F3). */
  String imageId() {
    return "img-" + UUID.nameUUIDFromBytes(base.getBytes(StandardCharsets.UTF_8));
  }

  String step(String step) {
    return base + "/" + step;
  }

  String snapshot(String diskId) {
    return base + "/snapshot/" + diskId;
  }

  String backup() {
    return step("backup");
  }
}
