package dev.fullecs.wait;

import java.time.Duration;

/**
 * How the {@link TaskWatcher} paces itself.
 *
 * @param pollWait how long one long-poll of the cloud waits when nothing ends (the cloud caps it
 *     at 30 s); a task that ends, an unknown task or a deleted image answers it at once
 * @param idsPerSecond how many task and image ids the polls of one tenant name per second at the
 *     most: after a poll naming n ids, the tenant's next poll starts n / idsPerSecond later. At
 *     scale something ends all the time and each poll names every task of the tenant (18,000 ids:
 *     one poll in 0.9 s); a few tasks are polled again at once
 * @param pollsPerTenant long-polls of one tenant in flight at once: the tasks handed over while
 *     one waits are polled in another, so that they need not wait for it
 * @param idsPerPoll the most tasks and images one poll names (the cloud takes up to 25,000)
 * @param pollThreads threads that wait on the cloud, for every tenant together
 * @param heartbeatTimeout the waiting activities' heartbeat timeout: a watched activity heartbeats
 *     at least every third of it, so that a late heartbeat is not taken for a dead worker
 * @param minHeartbeatInterval how often a watched activity heartbeats at the most, while few are
 *     watched (the percent the starter and the Web UI show is this fresh, F10)
 * @param heartbeatsPerSecond heartbeats the watcher aims to send at most, all activities together
 *     (each is a write on the Temporal server): with many activities each heartbeats less often,
 *     down to a third of the heartbeat timeout
 * @param firstHeartbeat the least time from the hand-over to an activity's first heartbeat (its
 *     snapshot's or backup's id and percent become visible then; a task that ends sooner never
 *     heartbeats)
 * @param answerThreads threads that complete or fail activities; {@code heartbeatThreads} threads
 *     that heartbeat them (apart, so that heartbeats never delay an answer)
 * @param tick how often the watcher looks at what is due
 */
public record WatcherOptions(
    Duration pollWait,
    int idsPerSecond,
    int pollsPerTenant,
    int idsPerPoll,
    int pollThreads,
    Duration heartbeatTimeout,
    Duration minHeartbeatInterval,
    double heartbeatsPerSecond,
    Duration firstHeartbeat,
    int answerThreads,
    int heartbeatThreads,
    Duration tick) {

  /**
   * For a worker whose waits heartbeat within {@code heartbeatTimeout}: every wait heartbeats every
   * third of it (20 s for the workflow's 60 s), the first a third after the hand-over, however many
   * are watched. Each heartbeat is a write on the Temporal server; a 60-s snapshot costs two. The
   * percent the starter and the Web UI show is at most that old; which snapshot or backup each disk
   * has is in the workflow's progress query from the moment it started (F10).
   */
  public static WatcherOptions defaults(Duration heartbeatTimeout) {
    Duration third = heartbeatTimeout.dividedBy(3);
    return new WatcherOptions(
        Duration.ofSeconds(5), 20_000, 3, 10_000, 4, heartbeatTimeout,
        third, 150, third, 4, 8, Duration.ofMillis(100));
  }

  /** How long after the start of a poll naming {@code ids} ids its tenant's next poll may start. */
  Duration pollPause(int ids) {
    return Duration.ofNanos(ids * 1_000_000_000L / Math.max(1, idsPerSecond));
  }

  /** The interval between two heartbeats of one activity while {@code watched} are watched. */
  public Duration heartbeatInterval(int watched) {
    long byRate = (long) (watched * 1000 / Math.max(1.0, heartbeatsPerSecond));
    long most = heartbeatTimeout.toMillis() / 3;
    return Duration.ofMillis(Math.max(Math.min(byRate, most), Math.min(minHeartbeatInterval.toMillis(), most)));
  }

  /** The wait from the hand-over to the first heartbeat while {@code watched} are watched. */
  public Duration firstHeartbeatAfter(int watched) {
    long byRate = (long) (watched * 1000 / Math.max(1.0, heartbeatsPerSecond));
    return Duration.ofMillis(Math.max(firstHeartbeat.toMillis(), Math.min(byRate, heartbeatInterval(watched).toMillis())));
  }

  /** The same options with other heartbeat timing (tests). */
  public WatcherOptions withHeartbeats(Duration minInterval, Duration first) {
    return new WatcherOptions(pollWait, idsPerSecond, pollsPerTenant, idsPerPoll, pollThreads, heartbeatTimeout,
        minInterval, heartbeatsPerSecond, first, answerThreads, heartbeatThreads, tick);
  }

  /** The same options with other polling (tests). */
  public WatcherOptions withPolling(Duration wait, int idsPerSecond) {
    return new WatcherOptions(wait, idsPerSecond, pollsPerTenant, idsPerPoll, pollThreads, heartbeatTimeout,
        minHeartbeatInterval, heartbeatsPerSecond, firstHeartbeat, answerThreads, heartbeatThreads, tick);
  }
}
