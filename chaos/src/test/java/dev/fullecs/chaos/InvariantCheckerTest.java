package dev.fullecs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullecs.contract.ImageWorkflows;
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

  private final PlannedCreation plain =
      new PlannedCreation(1, Kind.PLAIN, "ecs-1", "vault-load", 1, null, null);
  private final PlannedCreation invalid =
      new PlannedCreation(2, Kind.INVALID, "bms-01", "vault-backup", -1, null, null);
  private ObjectNode before;
  private ObjectNode after;
  private List<JsonNode> audit;

  @BeforeEach
  void cleanRun() {
    before = state();
    after = state();
    ObjectNode img = ((ArrayNode) after.get("images")).addObject()
        .put("id", IMAGE).put("name", "chaos-image-0001").put("status", "NORMAL").put("backup_id", "bk-1");
    img.putArray("available_azs").add("cn-north-4a").add("cn-north-4b");
    img.putArray("snapshot_ids").add("snap-1").add("snap-2");
    snapshot("snap-1", "ecs-1-sys");
    snapshot("snap-2", "ecs-1-data1");
    ((ArrayNode) after.get("backups")).addObject()
        .put("id", "bk-1").put("status", "available").put("idempotency_key", BASE + "/backup");
    audit = new ArrayList<>();
    audit("server_action", "ecs-1", "locked by image " + IMAGE, "service");
    audit("server_action", "ecs-1", "unlocked by image " + IMAGE, "service");
    audit("server_action", "ecs-1", "reboot: rebooted", "tenant");
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
    audit.add(1, entry(3, "server_action", "ecs-1", "stop: RUNNING -> STOPPED", "tenant"));
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
    views.put(plain.workflowId(), view(plain, "RUNNING", null, null));
    InvariantChecker c = new InvariantChecker();
    c.check(List.of(plain, invalid), views, new RunLog(), Set.of(plain.workflowId()), before, after, audit);
    assertThat(c.ended.violations).singleElement().asString().contains("still running");
  }

  private InvariantChecker check() {
    InvariantChecker c = new InvariantChecker();
    c.check(List.of(plain, invalid), views(), new RunLog(), Set.of(), before, after, audit);
    return c;
  }

  private Map<String, TemporalView> views() {
    ObjectNode result = CloudAdmin.JSON.createObjectNode().put("imageId", IMAGE).put("backupId", "bk-1");
    result.putArray("snapshotIds").add("snap-1").add("snap-2");
    Map<String, TemporalView> views = new LinkedHashMap<>();
    views.put(plain.workflowId(), view(plain, "COMPLETED", null, result));
    views.put(invalid.workflowId(), new TemporalView(invalid.workflowId(), "FAILED", "VALIDATION_FAILED",
        "the request breaks 1 rule", TemporalView.imageId("x/run-2"), invalid.workflowId() + "/run-2", null, null,
        Instant.now(), Instant.now(), 10, 0, 0, 0, false));
    return views;
  }

  private TemporalView view(PlannedCreation c, String status, String failureType, JsonNode result) {
    return new TemporalView(c.workflowId(), status, failureType, null, IMAGE, BASE, result, null,
        Instant.now().minusSeconds(30), "RUNNING".equals(status) ? null : Instant.now(), 40, 2, 0, 0, false);
  }

  private void snapshot(String id, String disk) {
    ((ArrayNode) after.get("snapshots")).addObject().put("id", id).put("disk_id", disk)
        .put("status", "available").put("idempotency_key", BASE + "/snapshot/" + disk);
  }

  private void audit(String op, String resource, String detail, String actor) {
    audit.add(entry(audit.size() + 1, op, resource, detail, actor));
  }

  private static JsonNode entry(long seq, String op, String resource, String detail, String actor) {
    return CloudAdmin.JSON.createObjectNode().put("seq", seq).put("operation", op)
        .put("resource_id", resource).put("detail", detail).put("actor", actor);
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
