package dev.fullecs.wait;

import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.CloudForbiddenException;
import dev.fullecs.cloud.CloudUnavailableException;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.TaskWait;
import dev.fullecs.contract.FailureType;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.wait.ActivityReplies.Heard;
import io.temporal.failure.ApplicationFailure;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The task watcher on its own: a scripted cloud, recorded replies, a clock the test moves, and jobs
 * run when the test says so (so that a poll can be "in flight" while more waits arrive).
 */
class TaskWatcherTest {
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

  long now;
  final Deque<Runnable> pollJobs = new ArrayDeque<>();
  final FakeCloud cloud = new FakeCloud();
  final Replies replies = new Replies();
  boolean stopping;
  WatcherOptions options = WatcherOptions.defaults(HEARTBEAT_TIMEOUT);
  TaskWatcher watcher;

  TaskWatcher watcher() {
    if (watcher == null) {
      watcher = new TaskWatcher(new EmulatorImageCloud(cloud.client()), replies, options, () -> stopping, () -> now, pollJobs::add,
          Runnable::run, Runnable::run, null);
    }
    return watcher;
  }

  void advance(Duration d) {
    now += d.toNanos();
  }

  /** Ticks, then runs every poll the tick started. */
  void tickAndPoll() {
    watcher().tick();
    while (!pollJobs.isEmpty()) {
      pollJobs.poll().run();
    }
  }

  static byte[] token(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  void watchSnapshot(String token, String tenant, String snapshotId, String imageId) {
    watcher().add(token(token), "wf-" + token, "AwaitSnapshot",
        CloudTask.snapshot(tenant, snapshotId, imageId, "disk-" + snapshotId, s -> "taken " + s.id()), null);
  }

  void watchBackup(String token, String tenant, String backupId, String imageId) {
    watcher().add(token(token), "wf-" + token, "AwaitBackup",
        CloudTask.backup(tenant, backupId, imageId, b -> "backed up " + b.id() + " " + b.sizeGib()), null);
  }

  static Snapshot snapshot(String id, String status) {
    return new Snapshot(id, "t", "disk-" + id, "ecs-1", id, 40, status, "available".equals(status) ? 100 : 0,
        Instant.EPOCH, Instant.EPOCH, null);
  }

  static Backup backup(String id, String status) {
    return new Backup(id, "t", "vault", "ecs-1", id, List.of(), 120, false, status, 100, Instant.EPOCH, Instant.EPOCH,
        null);
  }

  @Test
  void everyWaitOfATenantIsPolledInOneCallWithItsImages() {
    for (int i = 0; i < 50; i++) {
      watchSnapshot("a" + i, "tenant-a", "snap-" + i, "img-" + (i % 5));
    }
    watchBackup("ab", "tenant-a", "backup-1", "img-9");
    watchSnapshot("b1", "tenant-b", "snap-b1", "img-b");

    tickAndPoll();

    assertThat(cloud.calls).hasSize(2);
    Call a = cloud.calls.stream().filter(c -> c.tenant.equals("tenant-a")).findFirst().orElseThrow();
    assertThat(a.snapshotIds).hasSize(50);
    assertThat(a.backupIds).containsExactly("backup-1");
    assertThat(a.imageIds).containsExactlyInAnyOrder("img-0", "img-1", "img-2", "img-3", "img-4", "img-9");
    assertThat(a.maxWait).isEqualTo(options.pollWait());
    assertThat(replies.log).isEmpty();
    assertThat(watcher().size()).isEqualTo(52);
  }

  @Test
  void aTaskThatEndsCompletesItsActivityWithTheActivitysAnswer() {
    watchSnapshot("s1", "t", "snap-1", null);
    watchSnapshot("s2", "t", "snap-2", null);
    watchBackup("b1", "t", "backup-1", null);
    cloud.answer(new TaskWait(List.of(snapshot("snap-1", "available")), List.of(backup("backup-1", "available")),
        List.of(new TaskWait.Running("snap-2", "creating", 40)), List.of(), List.of()));

    tickAndPoll();

    assertThat(replies.log).containsExactlyInAnyOrder("complete s1: taken snap-1", "complete b1: backed up backup-1 120");
    assertThat(watcher().size()).isEqualTo(1);
  }

  @Test
  void aTaskThatEndsInErrorFailsItsActivityAsTheActivitySays() {
    watcher().add(token("s1"), "wf", "AwaitSnapshot", CloudTask.snapshot("t", "snap-1", null, "d1", s -> {
      throw ApplicationFailure.newNonRetryableFailure("snapshot snap-1 ended in error", "SNAPSHOT_FAILED");
    }), null);
    cloud.answer(new TaskWait(List.of(snapshot("snap-1", "error")), List.of(), List.of(), List.of(), List.of()));

    tickAndPoll();

    assertThat(replies.log).containsExactly("fail s1: SNAPSHOT_FAILED snapshot snap-1 ended in error");
    assertThat(watcher().size()).isZero();
  }

  @Test
  void theDeletionOfAnImageFailsEveryWaitForItImageDeleted() { // F11a
    watchSnapshot("s1", "t", "snap-1", "img-1");
    watchSnapshot("s2", "t", "snap-2", "img-1");
    watchSnapshot("s3", "t", "snap-3", "img-2");
    cloud.answer(new TaskWait(List.of(), List.of(), List.of(), List.of(), List.of("img-1")));

    tickAndPoll();

    assertThat(replies.log).containsExactlyInAnyOrder(
        "fail s1: IMAGE_DELETED image deleted during creation", "fail s2: IMAGE_DELETED image deleted during creation");
    assertThat(replies.failures.get("s1").isNonRetryable()).isTrue();
    assertThat(watcher().size()).isEqualTo(1);
  }

  @Test
  void aTaskTheCloudDoesNotKnowFailsCloudRejected() {
    watchBackup("b1", "t", "backup-gone", null);
    cloud.answer(new TaskWait(List.of(), List.of(), List.of(), List.of("backup-gone"), List.of()));

    tickAndPoll();

    assertThat(replies.failures.get("b1").getType()).isEqualTo(FailureType.CLOUD_REJECTED.name());
    assertThat(replies.failures.get("b1").isNonRetryable()).isTrue();
    assertThat(replies.failures.get("b1").getOriginalMessage()).contains("backup backup-gone");
  }

  @Test
  void heartbeatsCarryTheLastProgressEveryThirdOfTheHeartbeatTimeout() { // F10, issue 15
    watchSnapshot("s1", "t", "snap-1", null);
    cloud.answer(new TaskWait(List.of(), List.of(), List.of(new TaskWait.Running("snap-1", "creating", 30)), List.of(),
        List.of()));
    tickAndPoll();
    assertThat(replies.beats).isEmpty();

    // The first comes a third of the heartbeat timeout (60 s) after the hand-over, less up to a
    // tenth: none after 17 s, one by 20 s.
    advance(Duration.ofSeconds(17));
    tickAndPoll();
    assertThat(replies.beats).isEmpty();
    advance(Duration.ofSeconds(3));
    tickAndPoll();
    // the percent of the last poll (the cloud answered 30 %, then 10 % to the polls that followed)
    assertThat(replies.beats).containsExactly("s1 snap-1 disk-snap-1 10% creating");

    // The next one as long after: none 17 s later, one by 20 s.
    advance(Duration.ofSeconds(17));
    tickAndPoll();
    assertThat(replies.beats).hasSize(1);
    advance(Duration.ofSeconds(3));
    tickAndPoll();
    assertThat(replies.beats).hasSize(2);

    // However many are watched: every third of the heartbeat timeout, the first as late.
    for (int watched : new int[] {1, 5, 900, 3_000, 18_000}) {
      assertThat(options.heartbeatInterval(watched)).isEqualTo(Duration.ofSeconds(20));
      assertThat(options.firstHeartbeatAfter(watched)).isEqualTo(Duration.ofSeconds(20));
    }
  }

  @Test
  void aTaskThatEndsBeforeItsFirstHeartbeatNeverHeartbeats() {
    watchSnapshot("s1", "t", "snap-1", null);
    cloud.answer(new TaskWait(List.of(snapshot("snap-1", "available")), List.of(), List.of(), List.of(), List.of()));
    advance(Duration.ofMillis(500));
    tickAndPoll();
    advance(Duration.ofSeconds(5));
    tickAndPoll();
    assertThat(replies.beats).isEmpty();
    assertThat(replies.log).containsExactly("complete s1: taken snap-1");
  }

  @Test
  void aCancelHeardAtAHeartbeatIsReportedAndTheWaitEnds() {
    watchSnapshot("s1", "t", "snap-1", null);
    watchSnapshot("s2", "t", "snap-2", null);
    replies.hear.put("s1", Heard.CANCEL_REQUESTED);
    advance(Duration.ofSeconds(20)); // the first heartbeat
    tickAndPoll();

    assertThat(replies.log).containsExactly("cancelled s1");
    assertThat(watcher().size()).isEqualTo(1);
    // the cancelled one is no longer polled
    cloud.calls.clear();
    advance(Duration.ofSeconds(1));
    tickAndPoll();
    assertThat(cloud.calls.get(0).snapshotIds).containsExactly("snap-2");
  }

  @Test
  void anAttemptTheServerNoLongerKnowsIsDroppedWithoutAnAnswer() {
    // A wait whose attempt timed out (its worker looked dead) and was retried elsewhere.
    watchSnapshot("s1", "t", "snap-1", null);
    replies.hear.put("s1", Heard.GONE);
    advance(Duration.ofSeconds(20)); // the first heartbeat
    tickAndPoll();
    assertThat(replies.log).isEmpty();
    assertThat(watcher().size()).isZero();
  }

  @Test
  void aResetOrPausedActivityIsHandedBackRetryable() {
    watchSnapshot("s1", "t", "snap-1", null);
    replies.hear.put("s1", Heard.HAND_BACK);
    advance(Duration.ofSeconds(20)); // the first heartbeat
    tickAndPoll();
    assertThat(replies.failures.get("s1").getType()).isEqualTo(TaskWatcher.HANDED_BACK);
    assertThat(replies.failures.get("s1").isNonRetryable()).isFalse();
    assertThat(watcher().size()).isZero();
  }

  @Test
  void newWaitsDoNotWaitForAPollInFlight() {
    options = options.withPolling(options.pollWait(), 1_000);
    watchSnapshot("s1", "t", "snap-1", null);
    watcher().tick();
    assertThat(pollJobs).hasSize(1);

    // While the first poll waits on the cloud, another wait arrives: it gets a poll of its own, once
    // the tenant's pace allows (1,000 ids a second: a millisecond after a poll of one id).
    watchSnapshot("s2", "t", "snap-2", null);
    watcher().tick();
    assertThat(pollJobs).as("not before the pace allows").hasSize(1);
    advance(Duration.ofMillis(1));
    watcher().tick();
    assertThat(pollJobs).hasSize(2);
    pollJobs.forEach(Runnable::run);
    pollJobs.clear();
    assertThat(cloud.calls.get(0).snapshotIds).containsExactly("snap-1");
    assertThat(cloud.calls.get(1).snapshotIds).containsExactly("snap-2");

    // Once both are back, the next round polls them together again.
    advance(Duration.ofMillis(1));
    tickAndPoll();
    assertThat(cloud.calls.get(2).snapshotIds).containsExactlyInAnyOrder("snap-1", "snap-2");
  }

  @Test
  void aBusyCloudIsPolledAtThePaceOfTheIdsNamed() {
    // 20,000 ids a second: a tenant with 10,000 waits is polled every half second at the most,
    // however often its polls come back with news.
    for (int i = 0; i < 10_000; i++) {
      watchSnapshot("s" + i, "t", "snap-" + i, null);
    }
    for (int i = 0; i < 10; i++) {
      advance(Duration.ofMillis(100));
      tickAndPoll();
    }
    assertThat(cloud.calls).hasSize(2);
    assertThat(options.pollPause(18_000)).isEqualTo(Duration.ofMillis(900));
    assertThat(options.pollPause(13)).isLessThan(Duration.ofMillis(1));
  }

  @Test
  void manyWaitsAreSplitIntoPollsTheCloudAccepts() {
    for (int i = 0; i < 25_000; i++) {
      watchSnapshot("s" + i, "t", "snap-" + i, null);
    }
    tickAndPoll();
    assertThat(cloud.calls).hasSize(3);
    assertThat(cloud.calls.stream().mapToInt(c -> c.snapshotIds.size()).sum()).isEqualTo(25_000);
    assertThat(cloud.calls).allSatisfy(c -> assertThat(c.snapshotIds.size()).isLessThanOrEqualTo(10_000));
  }

  @Test
  void aCloudThatFailsTransientlyKeepsTheWaitsAndIsPolledAgainLater() {
    watchSnapshot("s1", "t", "snap-1", null);
    cloud.fail(new CloudUnavailableException("503", 503, "SERVICE_UNAVAILABLE", null));
    tickAndPoll();
    assertThat(replies.log).isEmpty();
    assertThat(watcher().size()).isEqualTo(1);

    advance(Duration.ofMillis(500));
    tickAndPoll();
    assertThat(cloud.calls).as("backing off").hasSize(1);
    advance(Duration.ofSeconds(1));
    cloud.answer(new TaskWait(List.of(snapshot("snap-1", "available")), List.of(), List.of(), List.of(), List.of()));
    tickAndPoll();
    assertThat(replies.log).containsExactly("complete s1: taken snap-1");
  }

  @Test
  void aRefusalOfTheWaitFailsItsActivitiesCloudRejected() {
    watchSnapshot("s1", "t", "snap-1", null);
    cloud.fail(new CloudForbiddenException("credential revoked", 403, "TOKEN_REVOKED"));
    tickAndPoll();
    assertThat(replies.failures.get("s1").getType()).isEqualTo(FailureType.CLOUD_REJECTED.name());
  }

  @Test
  void anAnswerTheServerDidNotTakeIsSentAgain() {
    watchSnapshot("s1", "t", "snap-1", null);
    replies.unreachable = 1;
    cloud.answer(new TaskWait(List.of(snapshot("snap-1", "available")), List.of(), List.of(), List.of(), List.of()));
    tickAndPoll();
    assertThat(replies.log).isEmpty();
    advance(Duration.ofSeconds(3));
    tickAndPoll();
    assertThat(replies.log).containsExactly("complete s1: taken snap-1");
    assertThat(cloud.calls).as("no poll for an answer known").hasSize(1);
  }

  @Test
  void aStoppingWorkerHandsEveryWaitBackAndTakesNoMore() {
    watchSnapshot("s1", "t", "snap-1", null);
    watchBackup("b1", "t", "backup-1", null);
    stopping = true;
    watcher().tick();
    assertThat(replies.failures.keySet()).containsExactlyInAnyOrder("s1", "b1");
    assertThat(replies.failures.values()).allSatisfy(f -> {
      assertThat(f.getType()).isEqualTo(TaskWatcher.HANDED_BACK);
      assertThat(f.isNonRetryable()).isFalse();
    });
    assertThat(watcher().size()).isZero();
    assertThat(cloud.calls).isEmpty();
    assertThatThrownBy(() -> watchSnapshot("s2", "t", "snap-2", null))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("stopping");
  }

  @Test
  void aWorkerThatDiesLeavesItsWaitsToTheirNextAttempt() {
    // kill -9: nothing is answered, heartbeats stop; the server times the attempt out and retries
    // it, and the next attempt (another token) is handed to the watcher of the worker that runs it.
    watchSnapshot("attempt-1", "t", "snap-1", null);
    tickAndPoll();
    watcher().close();
    TaskWatcher dead = watcher;
    watcher = null;
    assertThat(replies.log).isEmpty();

    watchSnapshot("attempt-2", "t", "snap-1", null);
    cloud.answer(new TaskWait(List.of(snapshot("snap-1", "available")), List.of(), List.of(), List.of(), List.of()));
    tickAndPoll();
    assertThat(replies.log).containsExactly("complete attempt-2: taken snap-1");
    assertThat(dead.size()).isEqualTo(1);
  }

  /** The calls the watcher made to the cloud, and the answers the test scripted. */
  static final class FakeCloud {
    final List<Call> calls = new ArrayList<>();
    final Deque<Object> answers = new ArrayDeque<>();

    void answer(TaskWait found) {
      answers.add(found);
    }

    void fail(RuntimeException e) {
      answers.add(e);
    }

    CloudClient client() {
      return (CloudClient) Proxy.newProxyInstance(
          CloudClient.class.getClassLoader(), new Class<?>[] {CloudClient.class}, (proxy, method, args) -> {
            if (!method.getName().equals("waitForTasks")) {
              throw new UnsupportedOperationException(method.getName());
            }
            @SuppressWarnings("unchecked")
            Call call = new Call((String) args[0], List.copyOf((Collection<String>) args[1]),
                List.copyOf((Collection<String>) args[2]), List.copyOf((Collection<String>) args[3]),
                (Duration) args[4]);
            synchronized (this) {
              calls.add(call);
              Object next = answers.poll();
              if (next instanceof RuntimeException e) {
                throw e;
              }
              if (next != null) {
                return next;
              }
            }
            List<TaskWait.Running> running = new ArrayList<>();
            call.snapshotIds.forEach(id -> running.add(new TaskWait.Running(id, "creating", 10)));
            call.backupIds.forEach(id -> running.add(new TaskWait.Running(id, "protecting", 10)));
            return new TaskWait(List.of(), List.of(), running, List.of(), List.of());
          });
    }
  }

  record Call(String tenant, List<String> snapshotIds, List<String> backupIds, List<String> imageIds, Duration maxWait) {}

  /** What the watcher told the server, by token. */
  static final class Replies implements ActivityReplies {
    final List<String> log = new ArrayList<>();
    final List<String> beats = new ArrayList<>();
    final Map<String, ApplicationFailure> failures = new ConcurrentHashMap<>();
    final Map<String, Heard> hear = new ConcurrentHashMap<>();
    int unreachable;

    static String name(byte[] token) {
      return new String(token, StandardCharsets.UTF_8);
    }

    private void reachable() {
      if (unreachable > 0) {
        unreachable--;
        throw new IllegalStateException("UNAVAILABLE: the server could not be reached");
      }
    }

    @Override
    public synchronized Heard heartbeat(byte[] taskToken, Object details) {
      StepProgress p = (StepProgress) details;
      beats.add(name(taskToken) + " " + p.resourceId() + " " + p.diskId() + " " + p.percent() + "% " + p.status());
      return hear.getOrDefault(name(taskToken), Heard.OK);
    }

    @Override
    public synchronized Heard complete(byte[] taskToken, Object result) {
      reachable();
      log.add("complete " + name(taskToken) + ": " + result);
      return Heard.OK;
    }

    @Override
    public synchronized Heard fail(byte[] taskToken, Exception failure) {
      reachable();
      ApplicationFailure f = (ApplicationFailure) failure;
      failures.put(name(taskToken), f);
      log.add("fail " + name(taskToken) + ": " + f.getType() + " " + f.getOriginalMessage());
      return Heard.OK;
    }

    @Override
    public synchronized Heard cancelled(byte[] taskToken) {
      log.add("cancelled " + name(taskToken));
      return Heard.OK;
    }
  }
}
