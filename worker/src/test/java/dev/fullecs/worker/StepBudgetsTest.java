package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.image.WaitOptions;
import dev.fullecs.wait.WatcherOptions;
import dev.fullecs.workflows.StepOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 5: the worker's cloud calls fit inside the steps that make them. A short step's
 * calls end before its start-to-close (else an attempt outlives its timeout and may create
 * something after the workflow moved on, F11), and a waiting step heartbeats well within its
 * heartbeat timeout (else a slow call looks like a dead worker).
 */
class StepBudgetsTest {
  private final HttpCloudClient.Timeouts worker = HttpCloudClient.Timeouts.worker();

  @Test
  void aShortStepHasRoomForSeveralCallsOfTheWorkersClient() {
    // createImageRecord, the lock and the start of a backup make up to four calls.
    assertThat(worker.maxCall().multipliedBy(4)).isLessThan(StepOptions.CALL_START_TO_CLOSE);
  }

  @Test
  void aWaitHeartbeatsWellWithinItsHeartbeatTimeout() {
    // Between two heartbeats: one long-poll, then (every few polls) a look at the image.
    Duration gap = worker.maxLongPoll(WaitOptions.defaults().pollWait()).plus(worker.maxCall());
    assertThat(gap).isLessThan(StepOptions.HEARTBEAT_TIMEOUT);
  }

  @Test
  void theTaskWatcherHeartbeatsEveryWaitWellWithinItsHeartbeatTimeoutHoweverManyItHolds() {
    WatcherOptions watcher = WatcherOptions.defaults(StepOptions.HEARTBEAT_TIMEOUT);
    for (int held : new int[] {1, 1_000, 20_000, 100_000}) {
      assertThat(watcher.heartbeatInterval(held).multipliedBy(3)).isLessThanOrEqualTo(StepOptions.HEARTBEAT_TIMEOUT);
      assertThat(watcher.firstHeartbeatAfter(held).multipliedBy(3)).isLessThanOrEqualTo(StepOptions.HEARTBEAT_TIMEOUT);
    }
    // Its heartbeats never wait for the cloud: they have threads of their own, apart from the polls.
    assertThat(watcher.heartbeatThreads()).isPositive();
  }

  @Test
  void theCleanupHeartbeatsAfterEachCallWithinItsHeartbeatTimeout() {
    assertThat(worker.maxCall().multipliedBy(2)).isLessThan(StepOptions.HEARTBEAT_TIMEOUT);
  }
}
