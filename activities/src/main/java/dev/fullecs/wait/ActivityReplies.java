package dev.fullecs.wait;

/**
 * How the {@link TaskWatcher} answers for the waiting activities it holds, by their task tokens:
 * the Temporal server's side of a wait that no thread holds. {@link TemporalReplies} sends them
 * through the activity completion client; the watcher's tests record them.
 */
public interface ActivityReplies {

  /** What the server said to a heartbeat (or to an answer, for {@link #GONE}). */
  enum Heard {
    /** The activity goes on waiting. */
    OK,
    /** The workflow asked to cancel the activity: report the cancel and stop watching. */
    CANCEL_REQUESTED,
    /** The activity was reset or paused: hand it back (a retryable failure) and stop watching. */
    HAND_BACK,
    /**
     * The attempt no longer exists (completed, timed out and retried elsewhere, or its workflow
     * closed): stop watching, nothing to answer.
     */
    GONE
  }

  /**
   * Records a heartbeat with {@code details}. Throws a {@link RuntimeException} when the server
   * could not be reached; the watcher tries again soon.
   */
  Heard heartbeat(byte[] taskToken, Object details);

  /** Completes the activity with {@code result}; {@link Heard#GONE} when the attempt is gone. */
  Heard complete(byte[] taskToken, Object result);

  /** Fails the activity with {@code failure}; {@link Heard#GONE} when the attempt is gone. */
  Heard fail(byte[] taskToken, Exception failure);

  /** Reports the activity cancelled, as its workflow asked. */
  Heard cancelled(byte[] taskToken);
}
