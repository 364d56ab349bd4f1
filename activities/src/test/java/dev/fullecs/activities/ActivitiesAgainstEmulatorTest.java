package dev.fullecs.activities;

import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fullecs.backup.BackupActivities;
import dev.fullecs.backup.BackupActivitiesImpl;
import dev.fullecs.backup.BackupResult;
import dev.fullecs.backup.BackupStep;
import dev.fullecs.backup.BackupWait;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.ecs.EcsActivities;
import dev.fullecs.ecs.EcsActivitiesImpl;
import dev.fullecs.ecs.LockRequest;
import dev.fullecs.ecs.SourceDisk;
import dev.fullecs.ecs.ValidatedSource;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.image.Cleanup;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.FailureType;
import dev.fullecs.image.ImageActivities;
import dev.fullecs.image.ImageActivitiesImpl;
import dev.fullecs.image.ImageState;
import dev.fullecs.image.ImageUpdate;
import dev.fullecs.image.NewImage;
import dev.fullecs.contract.Retained;
import dev.fullecs.contract.StepProgress;
import dev.fullecs.contract.Tag;
import dev.fullecs.image.WaitOptions;
import dev.fullecs.snapshot.SnapshotActivities;
import dev.fullecs.snapshot.SnapshotActivitiesImpl;
import dev.fullecs.snapshot.SnapshotResult;
import dev.fullecs.snapshot.SnapshotStep;
import dev.fullecs.snapshot.SnapshotWait;
import dev.fullecs.validation.CreationValidation;
import dev.fullecs.validation.ValidationFailures;
import dev.fullecs.contract.Violation;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activities against the in-process emulator, inside Temporal's TestActivityEnvironment (so
 * heartbeats and cancellation work). TestActivityEnvironment does not retry: {@link #retried} plays
 * Temporal's retry by calling again while the failure is retryable.
 */
class ActivitiesAgainstEmulatorTest {
  static final String T = "tenant-a";
  static final String REGION = "cn-north-4";
  static final String SERVER = "ecs-web-01";
  static final String VAULT = "vault-backup";

  @TempDir Path dir;
  int emulators;
  CloudEmulator emulator;
  EmulatorAdmin admin;
  CloudClient service;
  CloudClient tenant;
  TestActivityEnvironment env;
  final List<StepProgress> heartbeats = new CopyOnWriteArrayList<>();

  EcsActivities ecs;
  SnapshotActivities snapshots;
  BackupActivities backups;
  ImageActivities images;

  @BeforeEach
  void start() {
    startEmulator(0.01);
  }

  void startEmulator(double timeScale) {
    startEmulator(EmulatorOptions.defaults().timeScale(timeScale));
  }

  void startEmulator(EmulatorOptions options) {
    if (env != null) env.close();
    if (emulator != null) emulator.close();
    emulator = CloudEmulator.start(options.database(dir.resolve("cloud-" + (++emulators) + ".db")).port(0));
    URI url = URI.create(emulator.baseUrl());
    admin = new EmulatorAdmin(url, "tok-admin");
    service = new HttpCloudClient(url, "tok-image-service");
    tenant = new HttpCloudClient(url, "tok-tenant-a");
    env = TestActivityEnvironment.newInstance();
    WaitOptions fast = new WaitOptions(Duration.ofSeconds(1), 1, 5, Duration.ofMillis(50));
    env.registerActivitiesImplementations(
        new EcsActivitiesImpl(service),
        // No task watcher: these tests never hand a wait over (AwaitsAgainstEmulatorTest does).
        new SnapshotActivitiesImpl(new EmulatorImageCloud(service), null, fast),
        new BackupActivitiesImpl(new EmulatorImageCloud(service), null, fast),
        new ImageActivitiesImpl(service));
    env.setActivityHeartbeatListener(StepProgress.class, heartbeats::add);
    ActivityOptions activityOptions =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            // The SDK sends heartbeats at most every 0.8 x this; a cancel is seen on the next one.
            .setHeartbeatTimeout(Duration.ofSeconds(3))
            .build();
    ecs = env.newActivityStub(EcsActivities.class, activityOptions);
    snapshots = env.newActivityStub(SnapshotActivities.class, activityOptions);
    backups = env.newActivityStub(BackupActivities.class, activityOptions);
    images = env.newActivityStub(ImageActivities.class, activityOptions);
  }

  @AfterEach
  void stop() {
    if (env != null) env.close();
    if (emulator != null) emulator.close();
  }

  // Helpers

  static CreateImageRequest request(String serverId, String vaultId) {
    return new CreateImageRequest(
        REGION, T, serverId, null, vaultId, "image-of-" + serverId, "default",
        List.of(new Tag("cost-center", "cc-1")), "test", true, "1h", null);
  }

  /** Attempts made through {@link #retried}, first attempts included. */
  int attempts;

  <R> R retried(Supplier<R> call) {
    for (int attempt = 1; ; attempt++) {
      attempts++;
      try {
        return call.get();
      } catch (ActivityFailure f) {
        boolean retryable = f.getCause() instanceof ApplicationFailure a && !a.isNonRetryable();
        if (!retryable || attempt >= 40) {
          throw f;
        }
      }
    }
  }

  static ApplicationFailure failureOf(Runnable call) {
    ActivityFailure f = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(f).as("the activity should have failed").isNotNull();
    assertThat(f.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) f.getCause();
  }

  String imageFor(String serverId) {
    String imageId = "img-" + serverId + "-1";
    ecs.lockEcs(new LockRequest(T, serverId, imageId, imageId + "/lock"));
    images.createImageRecord(
        new NewImage(T, imageId, "image-of-" + serverId, serverId, null, VAULT, "default",
            List.of(new Tag("cost-center", "cc-1")), "", imageId + "/image", null));
    return imageId;
  }

  /** The server's disks as validation reports them, system disk first, read without validating. */
  List<SourceDisk> disksOf(String serverId) {
    return service.getServer(T, serverId).disksSystemFirst().stream()
        .map(d -> new SourceDisk(d.id(), d.sizeGib(), d.role()))
        .toList();
  }

  SnapshotStep snapshotStep(String imageId, SourceDisk d) {
    return new SnapshotStep(T, imageId, SERVER, d.diskId(), d.sizeGib(), imageId + "-" + d.diskId(),
        imageId + "/snapshot/" + d.diskId());
  }


  @Test
  void happyPathTakesTheImageFromCreatingToNormalInTheWholeRegion() {
    ValidatedSource source = ecs.validateCreation(request(SERVER, VAULT));
    assertThat(source.region()).isEqualTo(REGION);
    assertThat(source.regionAzs()).hasSizeGreaterThan(1).contains(source.sourceAz());
    assertThat(source.disks()).extracting(SourceDisk::role).first().isEqualTo("system");
    assertThat(source.disks()).extracting(SourceDisk::sizeGib).containsExactly(40, 100, 100);

    String imageId = imageFor(SERVER);
    assertThat(service.getServer(T, SERVER).lockHolder()).isEqualTo(imageId);
    assertThat(tenant.getImage(T, imageId).status()).isEqualTo("CREATING");

    List<String> snapshotIds =
        source.disks().stream().map(d -> snapshots.snapshotDisk(snapshotStep(imageId, d)))
            .map(SnapshotResult::snapshotId).toList();
    assertThat(snapshotIds).doesNotHaveDuplicates().hasSize(3);
    assertThat(snapshotIds).allSatisfy(id -> assertThat(tenant.getSnapshot(T, id).isAvailable()).isTrue());

    images.recordSnapshots(new ImageUpdate(T, imageId, snapshotIds, null, imageId + "/record-snapshots"));
    ImageState inAz = images.markAvailableInSourceAz(ImageUpdate.of(T, imageId, imageId + "/normal-az"));
    assertThat(inAz).isEqualTo(new ImageState("NORMAL", List.of(source.sourceAz())));

    BackupResult backup =
        backups.backupServer(new BackupStep(T, imageId, SERVER, VAULT, snapshotIds, imageId + "-backup", imageId + "/backup"));
    assertThat(tenant.getBackup(T, backup.backupId()).isAvailable()).isTrue();
    images.recordBackup(new ImageUpdate(T, imageId, List.of(), backup.backupId(), imageId + "/record-backup"));
    ImageState region = images.markNormalInRegion(ImageUpdate.of(T, imageId, imageId + "/normal-region"));
    assertThat(region.status()).isEqualTo("NORMAL");
    assertThat(region.availableAzs()).containsExactlyInAnyOrderElementsOf(source.regionAzs());

    ecs.unlockEcs(new LockRequest(T, SERVER, imageId, imageId + "/unlock"));
    assertThat(service.getServer(T, SERVER).lockHolder()).isNull();
    Image image = tenant.getImage(T, imageId);
    assertThat(image.snapshotIds()).containsExactlyInAnyOrderElementsOf(snapshotIds);
    assertThat(image.backupId()).isEqualTo(backup.backupId());
  }

  @Test
  void everyRuleBreakerOfTheInventoryIsReportedWithItsCodeAndNothingChanges() {
    record Case(String server, String vault, String code) {}
    List<Case> cases =
        List.of(
            new Case("bms-01", VAULT, "ECS_IS_BMS"),
            new Case("ecs-resizing", VAULT, "ECS_STATE_INVALID"),
            new Case("ecs-db-running", VAULT, "ECS_DATABASE_RUNNING"),
            new Case("ecs-misconfigured", VAULT, "ECS_CONFIG_CHECK_FAILED"),
            new Case("ecs-win-spanned", VAULT, "ECS_SPANNED_VOLUME"),
            new Case("ecs-win-offlineshared", VAULT, "ECS_SAN_POLICY_NOT_ONLINE_ALL"),
            new Case("ecs-lvm-multi", VAULT, "ECS_MULTI_DISK_LOGICAL_VOLUME"),
            new Case("ecs-dss", VAULT, "ECS_DSS_DISK"),
            new Case("ecs-locked", VAULT, "ECS_LOCKED"),
            new Case("ecs-does-not-exist", VAULT, "ECS_NOT_FOUND"),
            new Case(SERVER, "vault-replication", "VAULT_NOT_BACKUP"),
            new Case(SERVER, "vault-full", "VAULT_CAPACITY_INSUFFICIENT"),
            new Case(SERVER, "vault-other-region", "VAULT_WRONG_REGION"),
            new Case(SERVER, "vault-does-not-exist", "VAULT_NOT_FOUND"));
    int changesBefore = admin.auditSize();
    for (Case c : cases) {
      ApplicationFailure f = failureOf(() -> ecs.validateCreation(request(c.server(), c.vault())));
      assertThat(f.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(ValidationFailures.violations(f)).as(c.toString()).extracting(Violation::code).contains(c.code());
      assertThat(f.getOriginalMessage()).contains(c.code());
    }
    assertThat(admin.auditSize()).as("validation changes nothing in the cloud").isEqualTo(changesBefore);
  }

  @Test
  void lockedServerIsNamedWithTheImageHoldingIt() {
    ApplicationFailure f = failureOf(() -> ecs.validateCreation(request("ecs-locked", VAULT)));
    assertThat(ValidationFailures.violations(f))
        .filteredOn(v -> v.code().equals("ECS_LOCKED"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("img-other-creation"));
  }

  @Test
  void tenantTokenValidatesTheSameWayForTheStarter() {
    CreationValidation dryRun = new CreationValidation(tenant);
    assertThat(dryRun.validate(request(SERVER, VAULT), null).violations()).isEmpty();
    assertThat(dryRun.validate(request("bms-01", "vault-full"), null).violations())
        .extracting(Violation::code)
        .contains("ECS_IS_BMS", "VAULT_CAPACITY_INSUFFICIENT");
  }

  @Test
  void tagPolicyOfTheTenantIsEnforced() {
    CreationValidation dryRun = new CreationValidation(new HttpCloudClient(URI.create(emulator.baseUrl()), "tok-tenant-b"));
    CreateImageRequest untagged =
        new CreateImageRequest(REGION, "tenant-b", "ecs-b-01", null, "vault-b-backup", "b-image", null, List.of(), "", true, null, null);
    assertThat(dryRun.validate(untagged, null).violations())
        .extracting(Violation::code)
        .containsExactly("TAG_REQUIRED_MISSING");
    CreateImageRequest tagged =
        new CreateImageRequest(REGION, "tenant-b", "ecs-b-01", null, "vault-b-backup", "b-image", null,
            List.of(new Tag("cost-center", "cc-9")), "", true, null, null);
    assertThat(dryRun.validate(tagged, null).violations()).isEmpty();
  }

  @Test
  void anotherTenantsServerAndVaultAreNotFound() {
    CreateImageRequest foreign =
        new CreateImageRequest(REGION, T, "ecs-b-01", null, "vault-b-backup", "x", null, List.of(), "", true, null, null);
    ApplicationFailure f = failureOf(() -> ecs.validateCreation(foreign));
    assertThat(ValidationFailures.violations(f)).extracting(Violation::code).containsExactly("ECS_NOT_FOUND", "VAULT_NOT_FOUND");
  }

  @Test
  void nameOfAnExistingImageIsTaken() {
    CreateImageRequest r =
        new CreateImageRequest(REGION, T, SERVER, null, VAULT, "existing-image", null, List.of(), "", true, null, null);
    ApplicationFailure f = failureOf(() -> ecs.validateCreation(r));
    assertThat(ValidationFailures.violations(f))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.code()).isEqualTo("IMAGE_NAME_TAKEN");
          assertThat(v.message()).contains("img-existing");
        });
  }

  static CreateImageRequest fromBackup(String backupId) {
    return new CreateImageRequest(REGION, T, null, backupId, VAULT, "from-" + backupId, null, List.of(), "", true, null, null);
  }

  @Test
  void anUnusedAvailableBackupValidatesIntoTheShortPath() {
    ValidatedSource source = ecs.validateCreation(fromBackup("backup-existing"));
    assertThat(source.backupId()).isEqualTo("backup-existing");
    assertThat(source.snapshotIds()).containsExactly("snap-existing-sys");
    assertThat(source.disks()).isEmpty();
    assertThat(source.serverId()).isEqualTo("ecs-single-disk");
    assertThat(source.sourceAz()).isEqualTo("cn-north-4a");
    assertThat(source.regionAzs()).containsExactly("cn-north-4a", "cn-north-4b", "cn-north-4c");
  }

  @Test
  void aBackupThatAlreadyMadeAnImageIsRefused() {
    ApplicationFailure f = failureOf(() -> ecs.validateCreation(fromBackup("backup-img-existing")));
    assertThat(ValidationFailures.violations(f))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.code()).isEqualTo("BACKUP_ALREADY_USED");
          assertThat(v.message()).contains("img-existing");
        });
    ApplicationFailure missing = failureOf(() -> ecs.validateCreation(fromBackup("backup-nope")));
    assertThat(ValidationFailures.violations(missing)).extracting(Violation::code).containsExactly("BACKUP_NOT_FOUND");
  }

  @Test
  void aFreshAttemptReplacesTheFailedAttemptsImageAndKeepsItsSnapshots() { // F16, F11
    String creation = "full-ecs-image:tenant-a:again-1";
    SourceDisk disk = disksOf(SERVER).get(0);
    ecs.lockEcs(new LockRequest(T, SERVER, "img-first", "img-first/lock"));
    images.createImageRecord(new NewImage(T, "img-first", "web-again", SERVER, null, VAULT, "default",
        List.of(new Tag("cost-center", "cc-1")), "", "img-first/image", creation));
    String snapshotId = snapshots.snapshotDisk(snapshotStep("img-first", disk)).snapshotId();
    images.markFailed(new Cleanup(T, "img-first", SERVER, List.of(snapshotStep("img-first", disk).idempotencyKey()),
        null, "backup failed"));
    ecs.unlockEcs(new LockRequest(T, SERVER, "img-first", "img-first/unlock"));
    assertThat(tenant.getImage(T, "img-first").status()).isEqualTo("ERROR");

    ecs.lockEcs(new LockRequest(T, SERVER, "img-fresh", "img-fresh/lock"));
    NewImage fresh = new NewImage(T, "img-fresh", "web-again", SERVER, null, VAULT, "default",
        List.of(new Tag("cost-center", "cc-1")), "", "img-fresh/image", creation);
    images.createImageRecord(fresh);
    images.createImageRecord(fresh); // a retry changes nothing more

    Image first = tenant.getImage(T, "img-first");
    assertThat(first.status()).isEqualTo("DELETED");
    assertThat(first.retainedNote()).startsWith("kept 1 snapshot").contains("backup failed")
        .endsWith("; replaced by a fresh attempt (image img-fresh)");
    assertThat(first.snapshotIds()).containsExactly(snapshotId);
    assertThat(tenant.getSnapshot(T, snapshotId).isAvailable()).isTrue();
    Image image = tenant.getImage(T, "img-fresh");
    assertThat(image.status()).isEqualTo("CREATING");
    assertThat(image.creationId()).isEqualTo(creation);
  }

  @Test
  void anotherCreationsFailedImageKeepsItsName() { // F16: only the same creation's attempt is replaced
    ecs.lockEcs(new LockRequest(T, SERVER, "img-first", "img-first/lock"));
    images.createImageRecord(new NewImage(T, "img-first", "web-taken", SERVER, null, VAULT, "default",
        List.of(new Tag("cost-center", "cc-1")), "", "img-first/image", "full-ecs-image:tenant-a:one"));
    images.markFailed(new Cleanup(T, "img-first", SERVER, List.of(), null, "failed"));
    ecs.unlockEcs(new LockRequest(T, SERVER, "img-first", "img-first/unlock"));
    ecs.lockEcs(new LockRequest(T, SERVER, "img-other", "img-other/lock"));

    ApplicationFailure f = failureOf(() -> images.createImageRecord(new NewImage(T, "img-other", "web-taken",
        SERVER, null, VAULT, "default", List.of(new Tag("cost-center", "cc-1")), "", "img-other/image",
        "full-ecs-image:tenant-a:two")));

    assertThat(f.getMessage()).contains("IMAGE_NAME_EXISTS");
    assertThat(tenant.getImage(T, "img-first").status()).isEqualTo("ERROR");
  }

  @Test
  void aSnapshotOrBackupKeyUsedBeforeImageIdsAnswersWithWhatItMade() { // F13, F15: across the upgrade
    String imageId = imageFor(SERVER);
    SourceDisk disk = disksOf(SERVER).get(0);
    String key = imageId + "/snapshot/" + disk.diskId();
    // What a worker of before image_id sent, then the same step after the upgrade.
    Snapshot before = service.createSnapshot(T, disk.diskId(), "s", null, key);
    Snapshot after = service.createSnapshot(T, disk.diskId(), "s", imageId, key);
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(service.listSnapshots(T, ResourceFilter.byServer(SERVER))).hasSize(1);

    List<String> ids = disksOf(SERVER).stream()
        .map(d -> snapshots.snapshotDisk(snapshotStep(imageId, d)).snapshotId()).toList();
    String backupKey = imageId + "/backup";
    String backup = service.createBackup(T, SERVER, VAULT, ids, "b", null, backupKey).id();
    assertThat(service.createBackup(T, SERVER, VAULT, ids, "b", imageId, backupKey).id()).isEqualTo(backup);
    assertThat(service.listBackups(T, ResourceFilter.byServer(SERVER))).hasSize(1);
  }

  @Test
  void losingTheRaceForABackupReadsLikeTheValidationRule() {
    images.createImageRecord(new NewImage(T, "img-b1", "first", null, "backup-existing", VAULT, "default", List.of(), "", "img-b1/image", null));
    ApplicationFailure f = failureOf(() ->
        images.createImageRecord(new NewImage(T, "img-b2", "second", null, "backup-existing", VAULT, "default", List.of(), "", "img-b2/image", null)));
    assertThat(f.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
    assertThat(ValidationFailures.violations(f))
        .containsExactly(dev.fullecs.validation.CreationValidator.backupAlreadyUsed("backup-existing", "img-b1"));
  }

  @Test
  void losingTheLockRaceReadsExactlyLikeTheValidationRule() {
    ecs.lockEcs(new LockRequest(T, SERVER, "img-first", "img-first/lock"));
    ecs.lockEcs(new LockRequest(T, SERVER, "img-first", "img-first/lock-again")); // same holder: no-op

    ApplicationFailure lost = failureOf(() -> ecs.lockEcs(new LockRequest(T, SERVER, "img-second", "img-second/lock")));
    ApplicationFailure validated = failureOf(() -> ecs.validateCreation(request(SERVER, VAULT)));

    assertThat(lost.getType()).isEqualTo(FailureType.VALIDATION_FAILED.name());
    assertThat(ValidationFailures.violations(lost))
        .containsExactlyElementsOf(
            ValidationFailures.violations(validated).stream().filter(v -> v.code().equals("ECS_LOCKED")).toList());
    assertThat(ValidationFailures.violations(lost).get(0).message()).contains("img-first");
    assertThat(service.getServer(T, SERVER).lockHolder()).isEqualTo("img-first");
  }

  @Test
  void unlockIsIdempotentAndAnUnlockByAnotherImageChangesNothing() {
    ecs.lockEcs(new LockRequest(T, SERVER, "img-1", "img-1/lock"));
    ecs.unlockEcs(new LockRequest(T, SERVER, "img-other", "img-other/unlock"));
    assertThat(service.getServer(T, SERVER).lockHolder()).isEqualTo("img-1");

    ecs.unlockEcs(new LockRequest(T, SERVER, "img-1", "img-1/unlock"));
    ecs.unlockEcs(new LockRequest(T, SERVER, "img-1", "img-1/unlock"));
    ecs.unlockEcs(new LockRequest(T, SERVER, "img-1", "img-1/unlock-again"));
    assertThat(service.getServer(T, SERVER).lockHolder()).isNull();
  }

  @Test
  void transientFaultsAndLostResponsesLeaveExactlyOneSnapshotPerDisk() {
    String imageId = imageFor(SERVER);
    List<SourceDisk> disks = disksOf("ecs-eight-disks");
    admin.faults(
        java.util.Map.of(
            "create_snapshot", java.util.Map.of("p429", 0.2, "p503", 0.2, "p_lost_response", 0.3),
            "get_snapshot", java.util.Map.of("p429", 0.1, "p503", 0.1)));

    List<SnapshotResult> results =
        disks.stream()
            .map(d -> retried(() -> snapshots.snapshotDisk(new SnapshotStep(
                T, imageId, "ecs-eight-disks", d.diskId(), d.sizeGib(), "s-" + d.diskId(),
                imageId + "/snapshot/" + d.diskId()))))
            .toList();

    assertThat(attempts).as("the faults made some attempts fail").isGreaterThan(disks.size());
    admin.noFaults();
    List<Snapshot> inCloud = service.listSnapshots(T, ResourceFilter.byServer("ecs-eight-disks"));
    assertThat(inCloud).extracting(Snapshot::diskId)
        .containsExactlyInAnyOrderElementsOf(disks.stream().map(SourceDisk::diskId).toList());
    assertThat(inCloud).extracting(Snapshot::id)
        .containsExactlyInAnyOrderElementsOf(results.stream().map(SnapshotResult::snapshotId).toList());
  }

  @Test
  void aLostCreateResponseIsRetriedIntoTheSameSnapshot() {
    String imageId = imageFor(SERVER);
    SourceDisk system = disksOf("ecs-eight-disks").get(0);
    SnapshotStep step = new SnapshotStep(T, imageId, "ecs-eight-disks", system.diskId(), system.sizeGib(), "s",
        imageId + "/snapshot/" + system.diskId());
    admin.faults(java.util.Map.of("create_snapshot", java.util.Map.of("p_lost_response", 1.0)));

    ApplicationFailure lost = failureOf(() -> snapshots.snapshotDisk(step));
    assertThat(lost.isNonRetryable()).isFalse();
    assertThat(service.listSnapshots(T, ResourceFilter.byServer("ecs-eight-disks"))).hasSize(1);

    admin.noFaults();
    SnapshotResult result = snapshots.snapshotDisk(step);
    assertThat(service.listSnapshots(T, ResourceFilter.byServer("ecs-eight-disks")))
        .singleElement()
        .extracting(Snapshot::id)
        .isEqualTo(result.snapshotId());
  }

  @Test
  void cleanupFindsWhatTheKeysCreatedDeletesTheImageAndCreatesNothing() {
    String imageId = imageFor(SERVER);
    List<SourceDisk> disks = disksOf(SERVER);
    // Cancelled after two of three snapshots and before the backup.
    List<String> taken =
        disks.subList(0, 2).stream().map(d -> snapshots.snapshotDisk(snapshotStep(imageId, d)).snapshotId()).toList();
    List<String> keys = disks.stream().map(d -> snapshotStep(imageId, d).idempotencyKey()).toList();
    int snapshotsBefore = service.listSnapshots(T, ResourceFilter.all()).size();
    int backupsBefore = service.listBackups(T, ResourceFilter.all()).size();
    Cleanup cleanup = new Cleanup(T, imageId, SERVER, keys, imageId + "/backup", "cancelled by the user");

    Retained retained = images.deleteKeepingBackups(cleanup);
    Retained again = images.deleteKeepingBackups(cleanup);

    assertThat(retained.snapshotIds()).containsExactlyElementsOf(taken);
    assertThat(retained.backupId()).isNull();
    assertThat(retained.imageStatus()).isEqualTo("DELETED");
    assertThat(again).isEqualTo(retained);
    Image image = tenant.getImage(T, imageId);
    assertThat(image.status()).isEqualTo("DELETED");
    assertThat(image.snapshotIds()).containsExactlyInAnyOrderElementsOf(taken);
    assertThat(image.retainedNote()).contains(retained.describe()).contains("cancelled by the user");
    assertThat(service.getServer(T, SERVER).lockHolder()).as("deleting a CREATING image unlocks (F11a)").isNull();
    assertThat(service.listSnapshots(T, ResourceFilter.all())).hasSize(snapshotsBefore);
    assertThat(service.listBackups(T, ResourceFilter.all())).hasSize(backupsBefore);
    assertThat(taken).allSatisfy(id -> assertThat(tenant.getSnapshot(T, id).isAvailable()).isTrue());
  }

  @Test
  void cleanupKeepsABackupStillInProgressAndRecordsItsStatus() {
    startEmulator(EmulatorOptions.defaults().fixedDurations(Duration.ofMillis(200), Duration.ofMinutes(5)));
    String imageId = imageFor(SERVER);
    List<SourceDisk> disks = disksOf(SERVER);
    List<String> keys = disks.stream().map(d -> snapshotStep(imageId, d).idempotencyKey()).toList();
    List<String> ids = disks.stream().map(d -> snapshots.snapshotDisk(snapshotStep(imageId, d)).snapshotId()).toList();
    // Not waited for: the backup step created it and was cancelled while it was protecting.
    String backupId = service.createBackup(T, SERVER, VAULT, ids, "b", imageId, imageId + "/backup").id();

    Retained retained = images.markFailed(new Cleanup(T, imageId, SERVER, keys, imageId + "/backup", "snapshot failed"));

    assertThat(retained.snapshotIds()).containsExactlyElementsOf(ids);
    assertThat(retained.backupId()).isEqualTo(backupId);
    assertThat(retained.backupStatus()).isEqualTo("protecting");
    Image image = tenant.getImage(T, imageId);
    assertThat(image.status()).isEqualTo("ERROR");
    assertThat(image.failureReason()).contains("snapshot failed");
    assertThat(image.backupId()).isEqualTo(backupId);
    assertThat(tenant.getBackup(T, backupId).status()).as("not cancelled by the cleanup").isEqualTo("protecting");
  }

  /**
   * F5, F7, F11: the start of a snapshot or backup returns at once with the resource being made
   * (only the wait waits: AwaitsAgainstEmulatorTest); a retried start finds the same resource.
   */
  @Test
  void snapshotAndBackupStartAtOnceAndARetriedStartFindsTheSameResource() {
    startEmulator(EmulatorOptions.defaults().fixedDurations(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    String imageId = imageFor(SERVER);
    SourceDisk system = disksOf(SERVER).get(0);

    SnapshotResult started = snapshots.startSnapshot(snapshotStep(imageId, system));
    assertThat(tenant.getSnapshot(T, started.snapshotId()).status()).isEqualTo("creating");
    assertThat(snapshots.startSnapshot(snapshotStep(imageId, system))).isEqualTo(started);
    while (!tenant.waitForSnapshot(T, started.snapshotId(), Duration.ofSeconds(5)).isAvailable()) {
      Thread.onSpinWait();
    }

    BackupStep step =
        new BackupStep(T, imageId, SERVER, VAULT, List.of(started.snapshotId()), "b", imageId + "/backup");
    String backupId = backups.startBackup(step);
    assertThat(tenant.getBackup(T, backupId).status()).isEqualTo("protecting");
    assertThat(backups.startBackup(step)).isEqualTo(backupId);
  }

  /**
   * F14, defect 6: the cleanup heartbeats after each of its calls, so a slow cloud or a server with
   * many disks makes it slow, never timed out.
   */
  @Test
  void cleanupHeartbeatsAllAlongOnASlowCloud() {
    String imageId = imageFor(SERVER);
    List<SourceDisk> disks = disksOf(SERVER);
    List<String> keys = disks.stream().map(d -> snapshotStep(imageId, d).idempotencyKey()).toList();
    disks.forEach(d -> snapshots.snapshotDisk(snapshotStep(imageId, d)));
    heartbeats.clear();
    // Every call takes 0.5 s: the cleanup's nine calls outlast the SDK's heartbeat throttle (2.4 s).
    admin.faults(Map.of("*", Map.of("delay_ms", 500)));

    images.markFailed(new Cleanup(T, imageId, SERVER, keys, imageId + "/backup", "snapshot failed"));

    List<String> beats = heartbeats.stream().map(StepProgress::status).toList();
    assertThat(beats).as("heartbeats sent along the cleanup").hasSizeGreaterThanOrEqualTo(2);
    assertThat(beats.get(0)).isEqualTo("read image " + imageId);
    assertThat(tenant.getImage(T, imageId).status()).isEqualTo("ERROR");
  }

  @Test
  void cleanupBeforeTheImageExistedReturnsWhatItFound() {
    Retained retained =
        images.deleteKeepingBackups(new Cleanup(T, "img-never-created", SERVER, List.of("img-never-created/snapshot/x"),
            "img-never-created/backup", "cancelled"));
    assertThat(retained.snapshotIds()).isEmpty();
    assertThat(retained.backupId()).isNull();
    assertThat(retained.imageStatus()).isNull();
  }

  @Test
  void imageDeletedWhileASnapshotIsTakenStopsTheStep() throws Exception {
    startEmulator(1.0);
    String imageId = imageFor(SERVER);
    SourceDisk data = disksOf(SERVER).get(1);
    Thread deleter =
        new Thread(() -> {
          while (heartbeats.isEmpty()) Thread.onSpinWait();
          tenant.deleteImage(T, imageId, false, "user-delete-" + imageId);
        });
    deleter.start();

    long start = System.nanoTime();
    ApplicationFailure f = failureOf(() -> snapshots.snapshotDisk(snapshotStep(imageId, data)));
    deleter.join();

    assertThat(f.getType()).isEqualTo(FailureType.IMAGE_DELETED.name());
    assertThat(f.getOriginalMessage()).isEqualTo("image deleted during creation");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    assertThat(tenant.getSnapshot(T, heartbeats.get(0).resourceId()).status()).isEqualTo("creating");
    assertThat(service.getServer(T, SERVER).lockHolder()).isNull();
  }

  @Test
  void noSnapshotIsCreatedForAnImageAlreadyDeleted() {
    String imageId = imageFor(SERVER);
    tenant.deleteImage(T, imageId, false, "user-delete");
    SourceDisk system = disksOf(SERVER).get(0);

    ApplicationFailure f = failureOf(() -> snapshots.snapshotDisk(snapshotStep(imageId, system)));

    assertThat(f.getType()).isEqualTo(FailureType.IMAGE_DELETED.name());
    assertThat(service.listSnapshots(T, ResourceFilter.byServer(SERVER))).isEmpty();
  }

  @Test
  void settingStatusOnADeletedImageFailsImageDeleted() {
    String imageId = imageFor(SERVER);
    tenant.deleteImage(T, imageId, false, "user-delete");
    ApplicationFailure f = failureOf(() -> images.markAvailableInSourceAz(ImageUpdate.of(T, imageId, imageId + "/normal-az")));
    assertThat(f.getType()).isEqualTo(FailureType.IMAGE_DELETED.name());
  }

  @Test
  void cancellingAWaitingSnapshotStopsAtTheNextHeartbeat() throws Exception {
    startEmulator(1.0);
    String imageId = imageFor(SERVER);
    SourceDisk data = disksOf(SERVER).get(1);
    Thread canceller =
        new Thread(() -> {
          while (heartbeats.isEmpty()) Thread.onSpinWait();
          env.requestCancelActivity();
        });
    canceller.start();
    long start = System.nanoTime();
    assertThatThrownBy(() -> snapshots.snapshotDisk(snapshotStep(imageId, data)))
        .isInstanceOf(io.temporal.failure.CanceledFailure.class);
    canceller.join();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void refusalsThatRetryingCannotFixAreCloudRejected() {
    ApplicationFailure f = failureOf(() -> snapshots.snapshotDisk(new SnapshotStep(T, null, SERVER, "disk-nope", 1, "s", "k-nope")));
    assertThat(f.getType()).isEqualTo(FailureType.CLOUD_REJECTED.name());
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage()).contains("disk-nope").doesNotContain("tok-image-service");
  }

  /** F14: a refusal ends an ordinary step, but unlock and cleanup keep retrying until done. */
  @Test
  void unlockAndCleanupRefusedByTheCloudStayRetryable() {
    String imageId = imageFor(SERVER);
    HttpCloudClient tenantTokenClient = new HttpCloudClient(URI.create(emulator.baseUrl()), "tok-tenant-a");
    TestActivityEnvironment refused = TestActivityEnvironment.newInstance();
    try {
      // The tenant token where the service credential is needed: 403 on every unlock.
      refused.registerActivitiesImplementations(
          new EcsActivitiesImpl(tenantTokenClient), new ImageActivitiesImpl(tenantTokenClient));
      ActivityOptions o =
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build();
      EcsActivities refusedEcs = refused.newActivityStub(EcsActivities.class, o);
      ImageActivities refusedImages = refused.newActivityStub(ImageActivities.class, o);

      ApplicationFailure unlock =
          failureOf(() -> refusedEcs.unlockEcs(new LockRequest(T, SERVER, imageId, imageId + "/unlock")));
      assertThat(unlock.isNonRetryable()).isFalse();
      assertThat(unlock.getOriginalMessage()).contains("retries until it succeeds");

      ApplicationFailure fail =
          failureOf(
              () -> refusedImages.markFailed(
                  new Cleanup(T, imageId, SERVER, List.of(), null, "backup failed")));
      assertThat(fail.isNonRetryable()).isFalse();
    } finally {
      refused.close();
    }
    assertThat(service.getServer(T, SERVER).lockHolder()).isEqualTo(imageId);
    ecs.unlockEcs(new LockRequest(T, SERVER, imageId, imageId + "/unlock"));
    assertThat(service.getServer(T, SERVER).lockHolder()).isNull();
  }
}
