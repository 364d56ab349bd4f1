package dev.fullecs.image;

import java.time.Duration;

/**
 * How a step waits for a snapshot or backup: each long-poll waits up to {@code pollWait} (the
 * heartbeat timeout must be longer), every {@code imageCheckEvery} polls it checks that the image
 * was not deleted (F11a), and it tolerates up to {@code maxPollErrors} transient errors in a row
 * while polling before it gives the attempt up to Temporal's retry.
 */
public record WaitOptions(
    Duration pollWait, int imageCheckEvery, int maxPollErrors, Duration pollErrorBackoff) {

  public static WaitOptions defaults() {
    return new WaitOptions(Duration.ofSeconds(5), 3, 5, Duration.ofSeconds(1));
  }
}
