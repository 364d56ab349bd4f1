package dev.fullecs.workflows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Idempotency keys and the image id, derived from the workflow id and its first run id (F13,
 * F16): stable across retries, worker crashes and replays of one creation; fresh for a new run
 * started after a failure or a cancel.
 *
 * <p>The cloud takes keys of at most 255 characters. A workflow id longer than {@link
 * #LONGEST_ID_IN_KEYS} (a long tenant and request id make ids of up to 208) goes into the keys as
 * its first characters and a hash of the whole, so every key stays short and two ids never share
 * one. Creations started before {@code failure-paths} keep their keys whole, as they made them.
 */
final class IdempotencyKeys {
  static final int LONGEST_ID_IN_KEYS = 100;
  private final String imageBase;
  private final String base;

  IdempotencyKeys(String workflowId, String firstRunId, boolean legacy) {
    this.imageBase = workflowId + "/" + firstRunId;
    this.base =
        (legacy || workflowId.length() <= LONGEST_ID_IN_KEYS ? workflowId : shortened(workflowId))
            + "/" + firstRunId;
  }

  private static String shortened(String workflowId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(workflowId.getBytes(StandardCharsets.UTF_8));
      return workflowId.substring(0, 60) + "~" + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The image id, chosen before the lock so that the lock can name its holder (F3). */
  String imageId() {
    return "img-" + UUID.nameUUIDFromBytes(imageBase.getBytes(StandardCharsets.UTF_8));
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
