package dev.fullecs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullecs.contract.ImageWorkflows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checker against hand-made end states: it passes a clean run and catches each kind of
 * violation, so a green chaos report means something.
 */
class InvariantCheckerTest {
  private static final String BASE = ImageWorkflows.workflowId(CloudAdmin.TENANT, "chaos-0001") + "/run-1";
  private static final String IMAGE = TemporalView.imageId(BASE);
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  private final PlannedCreation plain =
      new PlannedCreation(1, Kind.PLAIN, "ecs-1", "vault-load", 1, null, null);
  private final PlannedCreation invalid =
      new PlannedCreation(2, Kind.INVALID, "bms-01", "vault-backup", -1, null, null);
  private ObjectNode before;
  private ObjectNode after;
  private List<JsonNode> audit;
  private RunLog runLog;

  @BeforeEach
  void cleanRun() {
    before = state();
    after = state();
    ObjectNode img = image(IMAGE, "NORMAL").put("backup_id", "bk-1");
    img.putArray("available_azs").add("cn-north-4a").add("cn-north-4b");
    img.putArray("snapshot_ids").add("snap-1").add("snap-2");
    snapshot("snap-1", "ecs-1-sys");
    snapshot("snap-2", "ecs-1-data1");
    ((ArrayNode) after.get("backups")).addObject()
        .put("id", "bk-1").put("status", "available").put("idempotency_key", BASE + "/backup");
    audit = new ArrayList<>();
    audit("server_action", "ecs-1", "locked by image " + IMAGE, "service", T0.plusSeconds(1));
    audit("server_action", "ecs-1", "unlocked by image " + IMAGE, "service", T0.plusSeconds(29));
    audit("server_action", "ecs-1", "reboot: rebooted", "tenant", T0.plusSeconds(31));
    runLog = new RunLog();
  }

  @Test
  void aCleanRunHoldsEveryInvariant() {
    InvariantChecker c = check();
    c.all().forEach(i -> assertThat(i.violations).as(i.name).isEmpty());
    assertThat(c.creations).extracting(CreationCheck::outcome)
        .containsExactly("COMPLETED", "FAILED VALIDATION_FAILED");
  }

  @Test
  void aServerActionWhileLockedIsCaught() {
    audit.add(1, entry(3, "server_action", "ecs-1", "stop: RUNNING -> STOPPED", "tenant", T0.plusSeconds(5)));
    assertThat(check().audit.violations).singleElement().asString().contains("while locked by " + IMAGE);
  }

  @Test
  void aSecondSnapshotOfADiskIsCaughtAndIsAnOrphan() {
    snapshot("snap-3", "ecs-1-sys");
    InvariantChecker c = check();
    assertThat(c.resources.violations).anySatisfy(v -> assertThat(v).contains("2 snapshots of disk ecs-1-sys"));
    assertThat(c.orphans.violations).singleElement().asString().contains("snap-3");
  }

  @Test
  void aServerChangedDuringTheRunIsCaught() {
    ((ObjectNode) after.get("servers").get(0)).put("state", "STOPPED");
    assertThat(check().serversUnchanged.violations).singleElement().asString().contains("state was \"RUNNING\"");
  }

  @Test
  void aServerLeftLockedIsCaught() {
    ((ObjectNode) after.get("servers").get(0)).put("lock_holder", IMAGE);
    assertThat(check().unlocked.violations).singleElement().asString().contains("ecs-1");
  }

  @Test
  void aCompletedCreationWhoseImageIsOnlyInItsAzIsCaught() {
    ((ObjectNode) after.get("images").get(0)).putArray("available_azs").add("cn-north-4a");
    assertThat(check().stateMatches.violations).singleElement().asString().contains("COMPLETED but image");
  }

  @Test
  void aRefusedCreationThatMadeSomethingIsCaught() {
    ((ArrayNode) after.get("snapshots")).addObject().put("id", "snap-9").put("disk_id", "bms-01-sys")
        .put("status", "available").put("idempotency_key", invalid.workflowId() + "/run-2/snapshot/bms-01-sys");
    InvariantChecker c = check();
    assertThat(c.resources.violations).singleElement().asString().contains("never held the lock");
    assertThat(c.orphans.violations).hasSize(1);
  }

  @Test
  void aCreationStillRunningIsStuck() {
    Map<String, TemporalView> views = views();
    views.put(plain.workflowId(), view(plain, "RUNNING", null, null, null));
    InvariantChecker c = check(List.of(plain, invalid), views, Set.of(plain.workflowId()));
    assertThat(c.ended.violations).singleElement().asString().contains("still running");
  }

  @Test
  void aPermanentFailureUnderTransientFaultsIsNotAnExpectedEnd() {
    ((ObjectNode) after.get("images").get(0)).put("status", "ERROR");
    Map<String, TemporalView> views = views();
    views.put(plain.workflowId(), withMemo(view(plain, "FAILED", "dev.fullecs.cloud.CloudUnavailableException",
        "the service is unavailable (outage)", null)));
    InvariantChecker c = check(List.of(plain, invalid), views, Set.of());
    assertThat(c.ended.violations).singleElement().asString()
        .contains("ended FAILED dev.fullecs.cloud.CloudUnavailableException")
        .contains("a permanent failure under transient faults only");
    assertThat(c.stateMatches.violations).isEmpty();
  }

  @Test
  void anExtensionAcceptedThenTheWindowExceededIsCaughtAndARefusedOneIsNot() {
    PlannedCreation accepted = new PlannedCreation(1, Kind.WINDOW_EXTEND, "ecs-1", "vault-load", 1, "1m", null,
        null, null, Duration.ofMillis(1500));
    PlannedCreation refused = new PlannedCreation(3, Kind.WINDOW_EXTEND, "ecs-3", "vault-load", 0, "1m", null,
        null, null, Duration.ofMillis(1500));
    runLog.extensions.put(accepted.workflowId(), new RunLog.Extension(T0.plusSeconds(62), Duration.ofMillis(1500),
        "30m", true, true, "window 31m, 29m58s left"));
    runLog.extensions.put(refused.workflowId(), new RunLog.Extension(T0.plusSeconds(62), Duration.ofMillis(1500),
        "30m", true, false, "refused: the maintenance window has already run out"));
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(accepted.workflowId(), view(accepted, "FAILED", "MAINTENANCE_WINDOW_EXCEEDED",
        "maintenance window of 31m exceeded", null));
    views.put(refused.workflowId(), view(refused, "FAILED", "MAINTENANCE_WINDOW_EXCEEDED",
        "maintenance window of 1m exceeded", null));

    InvariantChecker c = check(List.of(accepted, refused), views, Set.of());

    assertThat(c.ended.violations).singleElement().asString()
        .startsWith(accepted.workflowId())
        .contains("extension by 30m sent 1.5 s after its window's end, accepted")
        .contains("F12: an extension that was accepted must hold");
  }

  @Test
  void aWindowEndsOneWindowAfterTheLockAndALateExtensionDoesNotPushIt() {
    PlannedCreation late = new PlannedCreation(1, Kind.WINDOW_EXTEND, "ecs-1", "vault-load", 1, "1m", null,
        null, null, Duration.ofMillis(1500));
    ((ObjectNode) after.get("images").get(0)).put("status", "DELETED");
    audit.set(1, entry(2, "server_action", "ecs-1", "unlocked by image " + IMAGE, "service", T0.plusSeconds(181)));
    runLog.extensions.put(late.workflowId(), new RunLog.Extension(T0.plusSeconds(62), Duration.ofMillis(1500),
        "30m", true, true, "window 31m, 29m58s left"));
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(late.workflowId(), withMemo(view(late, "FAILED", "MAINTENANCE_WINDOW_EXCEEDED",
        "maintenance window of 31m exceeded", null, T0, T0.plusSeconds(185))));

    InvariantChecker c = check(List.of(late), views, Set.of());

    assertThat(c.unlockedPromptly.violations).singleElement().asString()
        .contains("was unlocked 2 min 00 s after the end of its window (10:01:01 to 10:03:01)");
  }

  @Test
  void badInputStuckOnAFailingWorkflowTaskOrNotNamingItsRuleIsCaught() {
    PlannedCreation window = new PlannedCreation(3, Kind.BAD_INPUT, "ecs-3", "vault-load", 0, null, null,
        null, BadInput.UNPARSEABLE_WINDOW, null);
    PlannedCreation agreement = new PlannedCreation(4, Kind.BAD_INPUT, "ecs-4", "vault-load", 0, null, null,
        null, BadInput.NO_AGREEMENT, null);
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(window.workflowId(), new TemporalView(window.workflowId(), "RUNNING", null, null, "img-3",
        window.workflowId() + "/run-3", null, null, T0, null, 5, 0, 0, 1, null, 4,
        "failed (WORKFLOW_WORKER_UNHANDLED_FAILURE): maintenance window '90 minutes' is not a duration", null, 0,
        T0.plusSeconds(60)));
    views.put(agreement.workflowId(), view(agreement, "FAILED", "VALIDATION_FAILED",
        "the request breaks 1 rule: ECS_NOT_FOUND: server ecs-4 does not exist", null));

    InvariantChecker c = check(List.of(window, agreement), views, Set.of(window.workflowId()));

    assertThat(c.ended.violations).hasSize(2);
    assertThat(c.ended.violations.get(0))
        .contains("is stuck: its workflow task fails again and again (attempt 4; the history records it as failed "
            + "(WORKFLOW_WORKER_UNHANDLED_FAILURE): maintenance window '90 minutes'");
    assertThat(c.ended.violations.get(1)).contains("does not name the rule AGREEMENT_NOT_ACCEPTED");
  }

  @Test
  void aCreationOverItsClosingBoundIsCaughtUnlessTheOutageExplainsIt() {
    taskTimes("snap-1", 20);
    taskTimes("snap-2", 10);
    taskTimes("bk-1", 30);
    Map<String, TemporalView> views = views();
    views.put(plain.workflowId(), view(plain, "COMPLETED", null, null, result(), T0, T0.plusSeconds(600)));

    InvariantChecker c = check(List.of(plain, invalid), views, Set.of());
    assertThat(c.closedInBound.violations).singleElement().asString()
        .contains("closed after 10 min 00 s, more than its bound of 2 min 50 s = work 50.0 s + calls 2 min 00 s");

    runLog.outage = new RunLog.Phase(T0.plusSeconds(30), T0.plusSeconds(480));
    assertThat(check(List.of(plain, invalid), views, Set.of()).closedInBound.violations).isEmpty();
  }

  @Test
  void anUnlockThatWaitsForTheRefusedCleanupIsCaughtButTheCloseMayWait() {
    PlannedCreation cancel = new PlannedCreation(1, Kind.CANCEL, "ecs-1", "vault-load", 1, null, null);
    ((ObjectNode) after.get("images").get(0)).put("status", "DELETED");
    runLog.recovery = new RunLog.Phase(T0.plusSeconds(5), T0.plusSeconds(200));
    runLog.slowCallMs = 4000;
    audit.set(1, entry(2, "server_action", "ecs-1", "unlocked by image " + IMAGE, "service", T0.plusSeconds(210)));
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(cancel.workflowId(), withMemo(cancelled(cancel, T0.plusSeconds(10), T0.plusSeconds(215))));

    InvariantChecker c = check(List.of(cancel), views, Set.of());

    assertThat(c.unlockedPromptly.violations).singleElement().asString()
        .contains("was unlocked 3 min 20 s after the cancel")
        .contains("more than its bound of 1 min 08 s = call in flight and unlock 1 min 00 s + 2 slow calls 8.0 s");
    assertThat(c.closedInBound.violations).isEmpty();
    assertThat(c.creations.get(0).unlockAfterStop()).isEqualTo(Duration.ofSeconds(200));

    audit.set(1, entry(2, "server_action", "ecs-1", "unlocked by image " + IMAGE, "service", T0.plusSeconds(40)));
    assertThat(check(List.of(cancel), views, Set.of()).unlockedPromptly.violations).isEmpty();
  }

  @Test
  void aCancelledImageFromABackupLeftInErrorIsCaught() {
    String base = ImageWorkflows.workflowId(CloudAdmin.TENANT, "chaos-0005") + "/run-5";
    String image = TemporalView.imageId(base);
    PlannedCreation fromBackup = new PlannedCreation(5, Kind.BACKUP_CANCEL, "ecs-1", "vault-load", 1, null, null,
        "backup-ecs-1", null, null);
    for (ObjectNode side : List.of(before, after)) {
      ((ArrayNode) side.get("backups")).addObject().put("id", "backup-ecs-1").put("status", "available")
          .putArray("snapshot_ids").add("snap-ecs-1-sys");
      ((ArrayNode) side.get("snapshots")).addObject().put("id", "snap-ecs-1-sys").put("disk_id", "ecs-1-sys")
          .put("status", "available");
    }
    image(image, "ERROR").put("backup_id", "backup-ecs-1").putArray("snapshot_ids").add("snap-ecs-1-sys");
    Map<String, TemporalView> views = views();
    views.put(fromBackup.workflowId(), new TemporalView(fromBackup.workflowId(), "CANCELED", null, null, image, base,
        null, null, T0, T0.plusSeconds(20), 20, 0, 0, 0, T0.plusSeconds(8), 0, null, T0.plusSeconds(9), 1,
        T0.plusSeconds(20)));

    InvariantChecker c = check(List.of(plain, invalid, fromBackup), views, Set.of());

    assertThat(c.stateMatches.violations).singleElement().asString()
        .contains(fromBackup.workflowId() + " ended CANCELED but image " + image + " is ERROR");
    assertThat(c.resources.violations).isEmpty();
    assertThat(c.ended.violations).isEmpty();
  }

  // ---- Huawei mode (--cloud huaweicloud): the same invariants read through HuaweiReading ----

  @Test
  void huaweiACleanRunHoldsEveryInvariant() {
    huaweiRun();
    InvariantChecker c = checkHuawei();
    c.all().forEach(i -> assertThat(i.violations).as(i.name).isEmpty());
    assertThat(c.creations).extracting(CreationCheck::outcome).containsExactly("COMPLETED", "FAILED VALIDATION_FAILED");
    assertThat(c.creations.get(0).gotLock()).isTrue();
    assertThat(c.novaActions).isEqualTo(2);
    assertThat(c.audit.checked).contains("2 Nova lock/unlock actions");
  }

  @Test
  void huaweiASecondImsImageOfOneCreationIsCaught() {
    huaweiRun();
    imsImage("ims-2", "NORMAL", T0.plusSeconds(22));
    InvariantChecker c = checkHuawei();
    assertThat(c.resources.violations).singleElement().asString().contains("2 IMS images carry fullecs-image=" + IMAGE);
    assertThat(c.foreign.violations).singleElement().asString().contains("(IMS image 2, ims-2)");
  }

  @Test
  void huaweiACompletedCreationWithoutItsImsImageIsCaught() {
    huaweiRun();
    ((ArrayNode) after.get("images")).removeAll();
    InvariantChecker c = checkHuawei();
    assertThat(c.stateMatches.violations).anySatisfy(v -> assertThat(v).contains("COMPLETED but image " + IMAGE
        + " is " + HuaweiReading.NO_IMS_IMAGE));
  }

  @Test
  void huaweiAnImsImageStillSavingIsNotACompletedImage() {
    huaweiRun();
    ((ObjectNode) after.get("images").get(0)).put("status", "CREATING").putArray("available_azs");
    assertThat(checkHuawei().stateMatches.violations).singleElement().asString()
        .contains("COMPLETED but image " + IMAGE + " is CREATING");
  }

  @Test
  void huaweiACancelledCreationLeavesItsCheckpointAndNoLiveImsImage() {
    huaweiRun();
    ((ArrayNode) after.get("images")).removeAll();
    PlannedCreation cancel = new PlannedCreation(1, Kind.CANCEL, "ecs-1", "vault-load", 1, null, null);
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(cancel.workflowId(), huaweiMemo(cancelled(cancel, T0.plusSeconds(10), T0.plusSeconds(30))));

    InvariantChecker c = checkHuawei(List.of(cancel), views);
    c.all().forEach(i -> assertThat(i.violations).as(i.name).isEmpty());
    assertThat(c.creations.get(0).imageStatus()).isEqualTo(HuaweiReading.NO_IMS_IMAGE);

    imsImage("ims-1", "NORMAL", T0.plusSeconds(20)).putArray("available_azs").add("cn-north-4a").add("cn-north-4b");
    assertThat(checkHuawei(List.of(cancel), views).stateMatches.violations).singleElement().asString()
        .contains("ended CANCELED but image " + IMAGE + " is NORMAL");
  }

  @Test
  void huaweiACancelledCreationWhoseCheckpointIsGoneIsCaught() {
    huaweiRun();
    ((ArrayNode) after.get("images")).removeAll();
    ((ArrayNode) after.get("backups")).removeAll();
    ((ArrayNode) after.get("snapshots")).removeAll();
    PlannedCreation cancel = new PlannedCreation(1, Kind.CANCEL, "ecs-1", "vault-load", 1, null, null);
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(cancel.workflowId(), huaweiMemo(cancelled(cancel, T0.plusSeconds(10), T0.plusSeconds(30))));
    assertThat(checkHuawei(List.of(cancel), views).stateMatches.violations).singleElement().asString()
        .contains("memo says kept [bk-1:ecs-1-data1, bk-1:ecs-1-sys] and bk-1, the cloud holds [] and null");
  }

  @Test
  void huaweiASecondCheckpointOfOneCreationIsCaughtAndIsAnOrphan() {
    huaweiRun();
    ((ArrayNode) after.get("backups")).addObject().put("id", "bk-2").put("name", "fullecs-" + IMAGE)
        .put("status", "available").put("created_at", T0.plusSeconds(4).toString()).putArray("snapshot_ids");
    InvariantChecker c = checkHuawei();
    assertThat(c.resources.violations).anySatisfy(v -> assertThat(v).contains("2 backups"));
    assertThat(c.orphans.violations).singleElement().asString().contains("bk-2");
  }

  @Test
  void huaweiAServerLeftNovaLockedIsCaught() {
    huaweiRun();
    ((ObjectNode) after.get("servers").get(0)).put("unnamed_lock", true);
    assertThat(checkHuawei().unlocked.violations).singleElement().asString()
        .contains("ecs-1 is locked by " + HuaweiReading.NO_HOLDER);
  }

  @Test
  void huaweiANovaLockNoCreationsLockActivityExplainsIsCaught() {
    huaweiRun();
    audit.add(entry(9, "nova_server_action", "ecs-1", HuaweiReading.NOVA_LOCKED, "service", T0.plusSeconds(40)));
    assertThat(checkHuawei().audit.violations).singleElement().asString()
        .contains("#9 ecs-1 Nova lock at 10:00:40 while no creation of that server ran LockEcs");
  }

  @Test
  void huaweiAServerActionWhileNovaLockedIsCaughtWithItsHolder() {
    huaweiRun();
    audit.add(1, entry(3, "server_action", "ecs-1", "stop: RUNNING -> STOPPED", "tenant", T0.plusSeconds(5)));
    assertThat(checkHuawei().audit.violations).singleElement().asString().contains("while locked by " + IMAGE);
  }

  @Test
  void huaweiTwoCreationsHoldingOneHolderlessLockAreCaught() {
    // A lock race on Huawei: the second Nova lock of a locked server changes nothing and answers
    // success, so the loser's LockEcs completes too and both go on.
    huaweiRun();
    String base2 = ImageWorkflows.workflowId(CloudAdmin.TENANT, "chaos-0002") + "/run-2";
    PlannedCreation first = new PlannedCreation(1, Kind.LOCK_RACE, "ecs-1", "vault-load", 1, null, null);
    PlannedCreation second = new PlannedCreation(2, Kind.LOCK_RACE, "ecs-1", "vault-load", 1, null, null);
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(first.workflowId(), view(first, "COMPLETED", null, null, huaweiResult()));
    views.put(second.workflowId(), new TemporalView(second.workflowId(), "FAILED", "VALIDATION_FAILED",
        "the request breaks 1 rule", TemporalView.imageId(base2), base2, null, null,
        T0, T0.plusSeconds(12), 10, 0, 0, 0, null, 0, null, null, 0, T0.plusSeconds(12)));
    spans.put(second.workflowId(), List.of(new TemporalView.Span("LockEcs", T0.plusMillis(2500), T0.plusSeconds(3), true)));

    InvariantChecker c = checkHuawei(List.of(first, second), views);

    assertThat(c.audit.violations).singleElement().asString()
        .contains(TemporalView.imageId(base2) + " completed its lock at 10:00:03 while " + IMAGE + " held it")
        .contains("two holders of one Nova lock");
    // and a lock both creations' LockEcs spans cover cannot be given to either
    assertThat(c.audit.violations.get(0)).doesNotContain("#1");
    spans.put(second.workflowId(), List.of(new TemporalView.Span("LockEcs", T0.plusMillis(300), T0.plusSeconds(2), false)));
    assertThat(checkHuawei(List.of(first, second), views).audit.violations).anySatisfy(v -> assertThat(v)
        .contains("#1 ecs-1 Nova lock at 10:00:01 while 2 creations of that server ran LockEcs"));
  }

  @Test
  void huaweiAnImsImageMadeAfterItsCreationClosedIsCaught() {
    huaweiRun();
    ((ObjectNode) after.get("images").get(0)).put("created_at", T0.plusSeconds(45).toString());
    assertThat(checkHuawei().resources.violations).singleElement().asString()
        .contains("IMS image ims-1 made at 10:00:45, after the creation closed at 10:00:30 (F11");
  }

  @Test
  void huaweiTheImsImagesMakingCountsInTheClosingBound() {
    huaweiRun();
    taskTimes("s-1", 20);
    taskTimes("s-2", 10);
    taskTimes("bk-1", 30);
    ((ObjectNode) after.get("images").get(0)).put("created_at", T0.plusSeconds(52).toString())
        .put("ready_at_ms", T0.plusSeconds(52 + 460).toEpochMilli());
    Map<String, TemporalView> views = views();
    views.put(plain.workflowId(), view(plain, "COMPLETED", null, null, huaweiResult(), T0, T0.plusSeconds(600)));
    // 10 min: within work 50 s + IMS 7 min 40 s + calls 2 min
    assertThat(checkHuawei(List.of(plain, invalid), views).closedInBound.violations).isEmpty();
    ((ObjectNode) after.get("images").get(0)).put("ready_at_ms", T0.plusSeconds(52 + 60).toEpochMilli());
    assertThat(checkHuawei(List.of(plain, invalid), views).closedInBound.violations).singleElement().asString()
        .contains("more than its bound of 3 min 50 s = work 1 min 50 s + calls 2 min 00 s");
  }

  private final Map<String, List<TemporalView.Span>> spans = new LinkedHashMap<>();

  /**
   * The clean run as Huawei's surface leaves it: a CBR checkpoint backup named after the image
   * with the disks' snapshots (no idempotency keys), the IMS image tagged with the workflow's image
   * id, Nova's lock and unlock without a holder, the creation's LockEcs and UnlockEcs spans.
   */
  private void huaweiRun() {
    after = state();
    ((ArrayNode) after.get("backups")).addObject().put("id", "bk-1").put("name", "fullecs-" + IMAGE)
        .put("status", "available").put("created_at", T0.plusSeconds(3).toString())
        .putArray("snapshot_ids").add("s-1").add("s-2");
    ((ArrayNode) after.get("snapshots")).addObject().put("id", "s-1").put("disk_id", "ecs-1-sys")
        .put("name", "fullecs-" + IMAGE).put("status", "available");
    ((ArrayNode) after.get("snapshots")).addObject().put("id", "s-2").put("disk_id", "ecs-1-data1")
        .put("name", "fullecs-" + IMAGE).put("status", "available");
    imsImage("ims-1", "NORMAL", T0.plusSeconds(20)).putArray("available_azs").add("cn-north-4a").add("cn-north-4b");
    audit = new ArrayList<>();
    audit("nova_server_action", "ecs-1", HuaweiReading.NOVA_LOCKED, "service", T0.plusSeconds(1));
    audit("nova_server_action", "ecs-1", "unlocked (was a lock without a holder)", "service", T0.plusSeconds(28));
    audit("server_action", "ecs-1", "reboot: rebooted", "tenant", T0.plusSeconds(31));
    spans.clear();
    spans.put(plain.workflowId(), List.of(
        new TemporalView.Span("LockEcs", T0.plusMillis(500), T0.plusMillis(1500), true),
        new TemporalView.Span("UnlockEcs", T0.plusMillis(27500), T0.plusMillis(28500), true)));
  }

  private ObjectNode imsImage(String imsId, String status, Instant created) {
    ObjectNode img = ((ArrayNode) after.get("images")).addObject().put("id", imsId).put("name", "chaos-image")
        .put("status", status).put("backup_id", "bk-1").put("created_at", created.toString());
    img.putArray("snapshot_ids").add("s-1").add("s-2");
    img.putArray("tags").addObject().put("key", "fullecs-image").put("value", IMAGE);
    return img;
  }

  private InvariantChecker checkHuawei() {
    Map<String, TemporalView> views = views();
    views.put(plain.workflowId(), view(plain, "COMPLETED", null, null, huaweiResult()));
    return checkHuawei(List.of(plain, invalid), views);
  }

  private InvariantChecker checkHuawei(List<PlannedCreation> plan, Map<String, TemporalView> views) {
    InvariantChecker c = new InvariantChecker();
    c.checkHuawei(plan, views, spans, runLog, Set.of(), before, after, audit);
    return c;
  }

  /** The workflow's result on Huawei: the snapshots by their handles {@code backupId:diskId}. */
  private static JsonNode huaweiResult() {
    ObjectNode result = CloudAdmin.JSON.createObjectNode().put("imageId", IMAGE).put("backupId", "bk-1");
    result.putArray("snapshotIds").add("bk-1:ecs-1-sys").add("bk-1:ecs-1-data1");
    return result;
  }

  private static TemporalView huaweiMemo(TemporalView v) {
    ObjectNode memo = CloudAdmin.JSON.createObjectNode().put("backupId", "bk-1");
    memo.putArray("snapshotIds").add("bk-1:ecs-1-sys").add("bk-1:ecs-1-data1");
    return new TemporalView(v.workflowId(), v.status(), v.failureType(), v.failureMessage(), v.imageId(), v.keyBase(),
        v.result(), memo, v.startedAt(), v.closedAt(), v.events(), v.activityRetries(), v.workflowTaskTimeouts(),
        v.workflowTaskFailures(), v.cancelRequestedAt(), v.pendingWorkflowTaskAttempt(), v.workflowTaskProblem(),
        v.cleanupStartedAt(), v.cleanupAttempts(), v.readAt());
  }

  private InvariantChecker check() {
    return check(List.of(plain, invalid), views(), Set.of());
  }

  private InvariantChecker check(List<PlannedCreation> plan, Map<String, TemporalView> views, Set<String> stuck) {
    InvariantChecker c = new InvariantChecker();
    c.check(plan, views, runLog, stuck, before, after, audit);
    return c;
  }

  private Map<String, TemporalView> views() {
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(plain.workflowId(), view(plain, "COMPLETED", null, null, result()));
    views.put(invalid.workflowId(), new TemporalView(invalid.workflowId(), "FAILED", "VALIDATION_FAILED",
        "the request breaks 1 rule", TemporalView.imageId("x/run-2"), invalid.workflowId() + "/run-2", null, null,
        T0, T0.plusSeconds(2), 10, 0, 0, 0, null, 0, null, null, 0, T0.plusSeconds(2)));
    return views;
  }

  private static JsonNode result() {
    ObjectNode result = CloudAdmin.JSON.createObjectNode().put("imageId", IMAGE).put("backupId", "bk-1");
    result.putArray("snapshotIds").add("snap-1").add("snap-2");
    return result;
  }

  private static TemporalView view(PlannedCreation c, String status, String failureType, String message, JsonNode result) {
    return view(c, status, failureType, message, result, T0, "RUNNING".equals(status) ? null : T0.plusSeconds(30));
  }

  private static TemporalView view(PlannedCreation c, String status, String failureType, String message,
      JsonNode result, Instant started, Instant closed) {
    return new TemporalView(c.workflowId(), status, failureType, message, IMAGE, BASE, result, null,
        started, closed, 40, 2, 0, 0, null, 0, null, null, 0, closed == null ? T0.plusSeconds(900) : closed);
  }

  private static TemporalView cancelled(PlannedCreation c, Instant cancelAt, Instant closed) {
    return new TemporalView(c.workflowId(), "CANCELED", null, null, IMAGE, BASE, null, null, T0, closed, 40, 2, 0, 0,
        cancelAt, 0, null, cancelAt.plusSeconds(1), 9, closed);
  }

  /** The view with the memo of what it kept: the snapshots and backup of the clean run. */
  private static TemporalView withMemo(TemporalView v) {
    ObjectNode memo = CloudAdmin.JSON.createObjectNode().put("backupId", "bk-1");
    memo.putArray("snapshotIds").add("snap-1").add("snap-2");
    return new TemporalView(v.workflowId(), v.status(), v.failureType(), v.failureMessage(), v.imageId(), v.keyBase(),
        v.result(), memo, v.startedAt(), v.closedAt(), v.events(), v.activityRetries(), v.workflowTaskTimeouts(),
        v.workflowTaskFailures(), v.cancelRequestedAt(), v.pendingWorkflowTaskAttempt(), v.workflowTaskProblem(),
        v.cleanupStartedAt(), v.cleanupAttempts(), v.readAt());
  }

  private ObjectNode image(String id, String status) {
    return ((ArrayNode) after.get("images")).addObject().put("id", id).put("name", "chaos-image").put("status", status);
  }

  private void snapshot(String id, String disk) {
    ((ArrayNode) after.get("snapshots")).addObject().put("id", id).put("disk_id", disk)
        .put("status", "available").put("idempotency_key", BASE + "/snapshot/" + disk);
  }

  /** The cloud timed the snapshot or backup {@code id}: created at T0 + 2 s, done {@code seconds} later. */
  private void taskTimes(String id, long seconds) {
    for (String kind : List.of("snapshots", "backups")) {
      after.get(kind).forEach(t -> {
        if (t.path("id").asText().equals(id)) {
          ((ObjectNode) t).put("created_at", T0.plusSeconds(2).toString())
              .put("completed_at", T0.plusSeconds(2 + seconds).toString());
        }
      });
    }
  }

  private void audit(String op, String resource, String detail, String actor, Instant at) {
    audit.add(entry(audit.size() + 1, op, resource, detail, actor, at));
  }

  private static JsonNode entry(long seq, String op, String resource, String detail, String actor, Instant at) {
    return CloudAdmin.JSON.createObjectNode().put("seq", seq).put("operation", op)
        .put("resource_id", resource).put("detail", detail).put("actor", actor).put("at", at.toString());
  }

  private static ObjectNode state() {
    ObjectNode s = CloudAdmin.JSON.createObjectNode();
    ObjectNode region = s.putObject("world").putArray("regions").addObject().put("id", "cn-north-4");
    region.putArray("azs").add("cn-north-4a").add("cn-north-4b");
    ArrayNode servers = s.putArray("servers");
    ObjectNode ecs = servers.addObject().put("id", "ecs-1").put("state", "RUNNING");
    ecs.putArray("disks").add(disk("ecs-1-sys")).add(disk("ecs-1-data1"));
    servers.addObject().put("id", "bms-01").put("state", "RUNNING").putArray("disks").add(disk("bms-01-sys"));
    servers.addObject().put("id", "ecs-db-stopped").put("state", "STOPPED").putArray("disks");
    s.putArray("snapshots");
    s.putArray("backups");
    s.putArray("images");
    return s;
  }

  private static ObjectNode disk(String id) {
    return CloudAdmin.JSON.createObjectNode().put("id", id);
  }
}
