package dev.fullecs.workflows;

import dev.fullecs.backup.BackupActivities;
import dev.fullecs.backup.BackupResult;
import dev.fullecs.backup.BackupStep;
import dev.fullecs.backup.BackupWait;
import dev.fullecs.ecs.EcsActivities;
import dev.fullecs.ecs.LockRequest;
import dev.fullecs.ecs.SourceDisk;
import dev.fullecs.ecs.ValidatedSource;
import dev.fullecs.image.Cleanup;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.FailureType;
import dev.fullecs.image.ImageActivities;
import dev.fullecs.image.ImageState;
import dev.fullecs.image.ImageUpdate;
import dev.fullecs.image.NewImage;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.snapshot.SnapshotActivities;
import dev.fullecs.snapshot.SnapshotResult;
import dev.fullecs.snapshot.SnapshotStep;
import dev.fullecs.snapshot.SnapshotWait;
import dev.fullecs.contract.MaintenanceWindow;
import java.time.Duration;
import dev.fullecs.contract.Violation;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stateful stand-in for the cloud behind the activity interfaces: it keeps a log of every
 * call in order, the lock, the image and what was created by which key, and lets a test hold a
 * step at a gate, fail it transiently or permanently, or delete the image behind the workflow's
 * back.
 */
final class FakeCloud
    implements EcsActivities, SnapshotActivities, BackupActivities, ImageActivities {
  static final String REGION = "cn-north-4";
  static final List<String> AZS = List.of("cn-north-4a", "cn-north-4b", "cn-north-4c");

  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final Map<String, String> snapshotsByKey = new ConcurrentHashMap<>();
  final Map<String, String> backupsByKey = new ConcurrentHashMap<>();
  volatile String lockHolder;
  volatile String imageId;
  volatile String imageStatus;
  volatile List<String> imageAzs = List.of();
  volatile String imageReason;
  volatile Retained recordedRetained;
  /** protecting from the backup's start until its wait returns, then available. */
  volatile String backupStatus;
  final List<SourceDisk> disks;
  final List<Violation> violations = new ArrayList<>();

  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> transientFailures = new ConcurrentHashMap<>();
  private final Map<String, FailureType> permanentFailures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> permanentLeft = new ConcurrentHashMap<>();
  private volatile CountDownLatch snapshotsTogether;
  private final Map<String, CountDownLatch> diskGates = new ConcurrentHashMap<>();
  private final Map<String, FailureType> diskFailures = new ConcurrentHashMap<>();
  /** How often a held long task heartbeats, as the real wait does once per poll. */
  private volatile Duration pollEvery = Duration.ofMillis(50);
  private final AtomicInteger ids = new AtomicInteger();
  /** A lock without a holder, as Huawei Cloud's Nova lock: never refused, unlocked by anyone. */
  private volatile boolean lockWithoutHolder;

  FakeCloud(int dataDisks) {
    List<SourceDisk> d = new ArrayList<>();
    d.add(new SourceDisk("vol-sys", 40, "system"));
    for (int i = 1; i <= dataDisks; i++) {
      d.add(new SourceDisk("vol-data-" + i, 100, "data"));
    }
    disks = List.copyOf(d);
  }

  /** The lock of Huawei Cloud: no holder; a lock of a locked server changes nothing (202). */
  FakeCloud lockWithoutHolder() {
    lockWithoutHolder = true;
    return this;
  }

  /** The step holds at its start until {@link #release} (heartbeating if it is a long task). */
  FakeCloud gate(String method) {
    gates.put(step(method), new CountDownLatch(1));
    return this;
  }

  void release(String method) {
    gates.get(step(method)).countDown();
  }

  boolean awaitEntered(String method) throws InterruptedException {
    return awaitEntered(method, Duration.ofSeconds(20));
  }

  boolean awaitEntered(String method, Duration within) throws InterruptedException {
    return entered
        .computeIfAbsent(step(method), m -> new CountDownLatch(1))
        .await(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  FakeCloud failTransiently(String method, int times) {
    transientFailures.put(step(method), new AtomicInteger(times));
    return this;
  }

  /** The first call of the method fails non-retryably; later calls (other disks) go on. */
  FakeCloud failPermanently(String method, FailureType type) {
    permanentFailures.put(step(method), type);
    permanentLeft.put(step(method), new AtomicInteger(1));
    return this;
  }

  /** That disk's snapshot is still being taken until {@link #releaseDisk}. */
  FakeCloud gateDisk(String diskId) {
    diskGates.put(diskId, new CountDownLatch(1));
    return this;
  }

  void releaseDisk(String diskId) {
    diskGates.get(diskId).countDown();
  }

  /** That disk's snapshot ends in error. */
  FakeCloud failDisk(String diskId, FailureType type) {
    diskFailures.put(diskId, type);
    return this;
  }

  /** A held long task heartbeats this often (the real wait heartbeats once per poll, 5 s). */
  FakeCloud pollEvery(Duration interval) {
    pollEvery = interval;
    return this;
  }

  /** Every snapshot waits until all have started: passes only if they run concurrently. */
  FakeCloud requireConcurrentSnapshots() {
    snapshotsTogether = new CountDownLatch(disks.size());
    return this;
  }

  /** F11a: what the image API does on a direct delete of a CREATING image. */
  void deleteImageDirectly() {
    imageStatus = "DELETED";
    lockHolder = null;
    calls.add("direct-delete");
  }

  /** The activity calls in order (without the marks of a wait that returned). */
  List<String> callNames() {
    synchronized (calls) {
      return calls.stream().filter(c -> !c.contains("-returned")).map(c -> c.split(":")[0]).toList();
    }
  }

  /** Calls and the marks of waits that returned ({@code awaitBackup-returned}), in order. */
  List<String> events() {
    synchronized (calls) {
      return calls.stream().map(c -> c.split(":")[0]).toList();
    }
  }

  /** Waits until a cleanup recorded what was retained. */
  boolean awaitCleanedUp(Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (recordedRetained == null && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return recordedRetained != null;
  }

  /** A method that {@link #failTransiently} made fail answers normally from now on. */
  void stopFailing(String method) {
    transientFailures.get(step(method)).set(0);
  }

  /**
   * The step a method takes part in: the one-piece snapshot and backup activities that creations
   * from before the two-step change still call answer to the gates and faults of the waits.
   */
  private static String step(String method) {
    return switch (method) {
      case "snapshotDisk" -> "awaitSnapshot";
      case "backupServer" -> "awaitBackup";
      default -> method;
    };
  }

  private void enter(String method, String detail, boolean heartbeats) {
    begin(method, detail);
    hold(method, heartbeats);
  }

  /** Logs the call and fails it if the test asked for that. */
  private void begin(String method, String detail) {
    calls.add(detail == null ? method : method + ":" + detail);
    String step = step(method);
    AtomicInteger left = transientFailures.get(step);
    if (left != null && left.getAndDecrement() > 0) {
      entered.computeIfAbsent(step, m -> new CountDownLatch(1)).countDown();
      throw new IllegalStateException("503 service unavailable (injected)");
    }
    FailureType permanent = permanentFailures.get(step);
    if (permanent != null && permanentLeft.get(step).getAndDecrement() > 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          step + " failed permanently (injected)", permanent.name());
    }
  }

  /** Waits at the method's gate, if any; a long task heartbeats meanwhile and sees a cancel. */
  private void hold(String method, boolean heartbeats) {
    String step = step(method);
    entered.computeIfAbsent(step, m -> new CountDownLatch(1)).countDown();
    holdAt(gates.get(step), heartbeats);
  }

  private void holdAt(CountDownLatch gate, boolean heartbeats) {
    while (gate != null && !await(gate, heartbeats ? pollEvery.toMillis() : 50)) {
      if (heartbeats) {
        Activity.getExecutionContext().heartbeat(new StepProgress(null, null, 50, "creating"));
      }
    }
  }

  /** The part of a snapshot that waits: the disk's own gate and fault, then the concurrency check. */
  private void snapshotTaken(String diskId) {
    holdAt(diskGates.get(diskId), true);
    FailureType failure = diskFailures.get(diskId);
    if (failure != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "snapshot of disk " + diskId + " ended in status error (injected)", failure.name());
    }
    CountDownLatch together = snapshotsTogether;
    if (together != null) {
      together.countDown();
      if (!await(together, 10_000)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "snapshots were not taken concurrently", "TEST_FAILURE");
      }
    }
  }

  private static boolean await(CountDownLatch latch, long millis) {
    try {
      return latch.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void failIfImageDeleted() {
    if ("DELETED".equals(imageStatus)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "image deleted during creation", FailureType.IMAGE_DELETED.name());
    }
  }

  @Override
  public ValidatedSource validateCreation(CreateImageRequest request) {
    enter("validateCreation", null, false);
    List<Violation> found = new ArrayList<>(violations);
    if (request.tenant() == null) {
      found.add(new Violation("TENANT_MISSING", "no tenant", null));
    }
    if (request.maintenanceWindow() != null) {
      try {
        MaintenanceWindow.parseDuration(request.maintenanceWindow());
      } catch (IllegalArgumentException e) {
        found.add(new Violation("MAINTENANCE_WINDOW_INVALID", e.getMessage(), null));
      }
    }
    if (!found.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the request breaks " + found.size() + " rule(s)",
          FailureType.VALIDATION_FAILED.name(),
          List.copyOf(found));
    }
    if (request.fromBackup()) {
      return new ValidatedSource(
          REGION, AZS.get(0), AZS, "ecs-1", "web", List.of(), request.sourceBackupId(),
          List.of("snap-old-1"));
    }
    return new ValidatedSource(
            REGION, AZS.get(0), AZS, request.serverId(), "web", disks, null, List.of())
        .withLockHasNoHolder(lockWithoutHolder);
  }

  @Override
  public void lockEcs(LockRequest request) {
    enter("lockEcs", null, false);
    if (lockWithoutHolder) {
      lockHolder = "(no holder)";
      return;
    }
    if (lockHolder != null && !lockHolder.equals(request.imageId())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "server is locked by image " + lockHolder,
          FailureType.VALIDATION_FAILED.name(),
          List.of(new Violation("ECS_LOCKED", "locked by " + lockHolder, null)));
    }
    lockHolder = request.imageId();
  }

  @Override
  public void unlockEcs(LockRequest request) {
    enter("unlockEcs", null, false);
    if (lockWithoutHolder || request.imageId().equals(lockHolder)) {
      lockHolder = null;
    }
  }

  @Override
  public SnapshotResult startSnapshot(SnapshotStep step) {
    begin("startSnapshot", step.diskId());
    failIfImageDeleted();
    String id =
        snapshotsByKey.computeIfAbsent(step.idempotencyKey(), k -> "snap-" + ids.incrementAndGet());
    hold("startSnapshot", false);
    return new SnapshotResult(step.diskId(), id);
  }

  @Override
  public SnapshotResult awaitSnapshot(SnapshotWait wait) {
    begin("awaitSnapshot", wait.diskId());
    hold("awaitSnapshot", true);
    snapshotTaken(wait.diskId());
    failIfImageDeleted();
    calls.add("awaitSnapshot-returned:" + wait.diskId());
    return new SnapshotResult(wait.diskId(), wait.snapshotId());
  }

  @Override
  public SnapshotResult snapshotDisk(SnapshotStep step) {
    begin("snapshotDisk", step.diskId());
    failIfImageDeleted();
    String id =
        snapshotsByKey.computeIfAbsent(step.idempotencyKey(), k -> "snap-" + ids.incrementAndGet());
    hold("snapshotDisk", true);
    snapshotTaken(step.diskId());
    failIfImageDeleted();
    return new SnapshotResult(step.diskId(), id);
  }

  @Override
  public String startBackup(BackupStep step) {
    begin("startBackup", null);
    failIfImageDeleted();
    String id =
        backupsByKey.computeIfAbsent(step.idempotencyKey(), k -> "backup-" + ids.incrementAndGet());
    backupStatus = "protecting";
    hold("startBackup", false);
    return id;
  }

  @Override
  public BackupResult awaitBackup(BackupWait wait) {
    begin("awaitBackup", null);
    hold("awaitBackup", true);
    failIfImageDeleted();
    backupStatus = "available";
    calls.add("awaitBackup-returned");
    return new BackupResult(wait.backupId(), 240, false);
  }

  @Override
  public BackupResult backupServer(BackupStep step) {
    begin("backupServer", null);
    failIfImageDeleted();
    String id =
        backupsByKey.computeIfAbsent(step.idempotencyKey(), k -> "backup-" + ids.incrementAndGet());
    backupStatus = "protecting";
    hold("backupServer", true);
    failIfImageDeleted();
    backupStatus = "available";
    calls.add("awaitBackup-returned");
    return new BackupResult(id, 240, false);
  }

  @Override
  public void createImageRecord(NewImage image) {
    enter("createImageRecord", null, false);
    imageId = image.imageId();
    imageStatus = "CREATING";
  }

  @Override
  public void recordSnapshots(ImageUpdate update) {
    enter("recordSnapshots", null, false);
  }

  @Override
  public ImageState markAvailableInSourceAz(ImageUpdate update) {
    enter("markAvailableInSourceAz", null, false);
    failIfImageDeleted();
    imageStatus = "NORMAL";
    imageAzs = List.of(AZS.get(0));
    return new ImageState(imageStatus, imageAzs);
  }

  @Override
  public void recordBackup(ImageUpdate update) {
    enter("recordBackup", null, false);
  }

  @Override
  public ImageState markNormalInRegion(ImageUpdate update) {
    enter("markNormalInRegion", null, false);
    failIfImageDeleted();
    imageStatus = "NORMAL";
    imageAzs = AZS;
    return new ImageState(imageStatus, imageAzs);
  }

  @Override
  public Retained deleteKeepingBackups(Cleanup cleanup) {
    enter("deleteKeepingBackups", null, false);
    Retained retained = retained(cleanup, imageId == null ? null : "DELETED");
    if (imageId != null) {
      imageStatus = "DELETED";
      imageReason = cleanup.reason();
    }
    recordedRetained = retained;
    return retained;
  }

  @Override
  public Retained markFailed(Cleanup cleanup) {
    enter("markFailed", null, false);
    Retained retained = retained(cleanup, imageId == null ? null : "ERROR");
    if (imageId != null) {
      imageStatus = "ERROR";
      imageReason = cleanup.reason();
    }
    recordedRetained = retained;
    return retained;
  }

  private Retained retained(Cleanup cleanup, String status) {
    Map<String, String> found = new LinkedHashMap<>();
    for (String key : cleanup.snapshotKeys()) {
      String id = snapshotsByKey.get(key);
      if (id != null) {
        found.put(key, id);
      }
    }
    String backup = backupsByKey.get(cleanup.backupKey());
    return new Retained(
        imageId, status, List.copyOf(found.values()), backup, backup == null ? null : backupStatus);
  }
}
