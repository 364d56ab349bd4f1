package dev.fullecs.starter;

import static dev.fullecs.starter.CloudAssertions.assertUnchanged;
import static dev.fullecs.starter.CloudAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.ImageWorkflows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F18-F22 through the starter: what a user does with a full-ECS image once it exists. Every test
 * checks what the cloud reports afterwards, not only the exit code and the words.
 */
class CloneStoryTest {
  static final String B = "tenant-b";
  static final String B_TOKEN = "tok-tenant-b";

  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private String createImage(String requestId, String name) {
    Stack.Run created = stack.create(requestId, name, "--wait", "--json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    return created.json().path("result").path("image_id").asText();
  }

  /** Role, size and type of every disk, in order: what a clone must have of its source. */
  private static List<String> diskShapes(JsonNode server) {
    List<String> shapes = new ArrayList<>();
    for (JsonNode d : server.path("disks")) {
      shapes.add(d.path("role").asText() + "/" + d.path("size_gib").asInt() + "/" + d.path("type").asText());
    }
    return shapes;
  }

  @Test
  void theCloneStoryFromImageToRunningClonesInAnotherAzAndAnotherRegion() { // F18, F19, F20
    stack = Stack.start(dir, 0.05);
    String imageId = createImage("story-1", "web-golden");
    JsonNode source = stack.cloud.server(Stack.SERVER);

    Stack.Run provision = stack.user("provision", imageId, "--az", "cn-north-4b", "--count", "2",
        "--name", "web-clone", "--request-id", "clones-1", "--wait");

    assertThat(provision.exitCode()).as(provision.toString()).isZero();
    assertThat(provision.out()).contains("provisioned 2 ECSs from image " + imageId + " in cn-north-4b")
        .contains("web-clone-1").contains("web-clone-2").contains("disks: system 40 GiB SSD");
    List<JsonNode> clones = new ArrayList<>();
    for (JsonNode s : stack.cloud.servers()) {
      if (imageId.equals(s.path("image_id").asText()) && !Stack.SERVER.equals(s.path("id").asText())) {
        clones.add(s);
      }
    }
    assertThat(clones).hasSize(2);
    for (JsonNode clone : clones) {
      assertThat(clone.path("state").asText()).isEqualTo("RUNNING");
      assertThat(clone.path("az").asText()).isEqualTo("cn-north-4b");
      assertThat(diskShapes(clone)).isEqualTo(diskShapes(source));
    }

    // The same request id returns the same provisioning: no third server.
    Stack.Run again = stack.user("provision", imageId, "--az", "cn-north-4b", "--count", "2",
        "--name", "web-clone", "--request-id", "clones-1", "--wait", "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.json().path("servers")).hasSize(2);
    assertThat(stack.cloud.servers().findValuesAsText("image_id").stream().filter(imageId::equals)).hasSize(2);

    // F19: change OS writes only the system disk, and says so before and after.
    List<String> dataBefore = dataDisks(source);
    Stack.Run changeOs = stack.user("change-os", Stack.SERVER, "--image", imageId);
    assertThat(changeOs.exitCode()).as(changeOs.toString()).isZero();
    String[] lines = changeOs.out().split("\n");
    assertThat(lines[0]).startsWith("changing the OS of ECS " + Stack.SERVER)
        .contains("only the system disk ecs-web-01-sys (40 GiB) is written")
        .contains("its 2 data disks ecs-web-01-data1, ecs-web-01-data2 are not changed");
    assertThat(lines[1]).startsWith("done:").contains("data disk(s) unchanged");
    JsonNode changed = stack.cloud.server(Stack.SERVER);
    assertThat(changed.path("image_id").asText()).isEqualTo(imageId);
    assertThat(dataDisks(changed)).isEqualTo(dataBefore);
    assertThat(changed.path("last_change_os").asText()).contains("wrote system disk ecs-web-01-sys only");

    // F20: export and publish are refused with the cloud's reason; nothing changes.
    JsonNode before = stack.adminState();
    for (String op : List.of("export", "publish")) {
      Stack.Run refused = stack.user(op, imageId);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
      assertThat(refused.err()).contains("full-ECS image").doesNotContain("Exception");
    }
    Stack.Run exportJson = stack.user("export", imageId, "--json");
    assertThat(exportJson.exitCode()).as(exportJson.toString()).isEqualTo(2);
    assertThat(exportJson.json().path("status").asText()).isEqualTo("REFUSED");
    assertThat(exportJson.json().path("error").asText()).contains("cannot be exported");
    Stack.Run inRegion = stack.user("replicate", imageId, "--region", Stack.REGION, "--wait");
    assertThat(inRegion.exitCode()).as(inRegion.toString()).isEqualTo(2);
    assertThat(inRegion.out()).contains("refused, nothing was copied").contains("within its region");
    assertUnchanged(before, stack.adminState());

    // F20: cross-region replication to an allowed pair, and a replica is not replicated again.
    Stack.Run replicate = stack.user("replicate", imageId, "--region", "cn-east-3", "--wait", "--json");
    assertThat(replicate.exitCode()).as(replicate.toString()).isZero();
    String replicaId = replicate.json().path("replica_id").asText();
    JsonNode replica = stack.cloud.image(replicaId);
    assertThat(replica.path("status").asText()).isEqualTo("NORMAL");
    assertThat(replica.path("region").asText()).isEqualTo("cn-east-3");
    assertThat(replica.path("replicated_from").asText()).isEqualTo(Stack.REGION + "/" + imageId);
    Stack.Run twice = stack.user("replicate", replicaId, "--region", Stack.REGION, "--json");
    assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(2);
    assertThat(twice.json().path("message").asText()).contains("cannot be replicated again");

    // A clone from the replica, in the other region.
    String eastAz = replica.path("available_azs").get(0).asText();
    Stack.Run east = stack.user("provision", replicaId, "--az", eastAz, "--name", "web-east", "--wait", "--json");
    assertThat(east.exitCode()).as(east.toString()).isZero();
    JsonNode eastServer = stack.cloud.server(east.json().path("servers").get(0).path("server_id").asText());
    assertThat(eastServer.path("region").asText()).isEqualTo("cn-east-3");
    assertThat(diskShapes(eastServer)).isEqualTo(diskShapes(source));
  }

  private static List<String> dataDisks(JsonNode server) {
    List<String> data = new ArrayList<>();
    for (JsonNode d : server.path("disks")) {
      if (!"system".equals(d.path("role").asText())) {
        data.add(d.path("id").asText() + "/" + d.path("size_gib").asInt());
      }
    }
    return data;
  }

  @Test
  void whileTheImageIsAvailableInItsAzOnlyOtherAzsAreRefusedAndACancelDeletesTheClones() { // F18
    stack = Stack.start(dir, 1.0);
    Stack.Run started = stack.create("az-1", "web-az");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    // The backup takes about 14 s at this time scale: the image is "Available in AZ cn-north-4a" meanwhile.
    String imageId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> azOnlyImage(), id -> id != null);
    int serversBefore = stack.cloud.servers().size();

    Stack.Run refused = stack.user("provision", imageId, "--az", "cn-north-4b", "--name", "too-early", "--json");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.json().path("message").asText()).contains("cn-north-4a").contains("not in cn-north-4b");
    assertThat(stack.cloud.servers().size()).isEqualTo(serversBefore);

    Stack.Run inSourceAz = stack.user("provision", imageId, "--az", "cn-north-4a", "--count", "2",
        "--name", "early", "--request-id", "early-1");
    assertThat(inSourceAz.exitCode()).as(inSourceAz.toString()).isZero();
    assertThat(inSourceAz.out()).contains("follow it with: fullecs provision");
    String workflowId = ImageWorkflows.provisionWorkflowId(Stack.TENANT, "early-1");
    List<String> building = await().atMost(Duration.ofSeconds(30)).until(
        () -> serversNamed("early-"), list -> list.size() == 2);

    Stack.Run cancel = stack.user("cancel", workflowId, "--json");
    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
    assertThat(texts(cancel.json().path("servers_deleted"))).containsExactlyInAnyOrderElementsOf(building);
    for (String id : building) {
      assertThat(stack.cloud.server(id).path("state").asText()).isEqualTo("DELETED");
    }
  }

  private String azOnlyImage() {
    for (JsonNode img : stack.cloud.images()) {
      if ("web-az".equals(img.path("name").asText()) && "NORMAL".equals(img.path("status").asText())
          && texts(img.path("available_azs")).equals(List.of("cn-north-4a"))) {
        return img.path("id").asText();
      }
    }
    return null;
  }

  private List<String> serversNamed(String prefix) {
    List<String> ids = new ArrayList<>();
    for (JsonNode s : stack.cloud.servers()) {
      if (s.path("name").asText().startsWith(prefix)) {
        ids.add(s.path("id").asText());
      }
    }
    return ids;
  }

  @Test
  void aSharedImageIsReadOnlyForTheOtherTenantAndACsbsBackupBlocksSharing() { // F21, F22
    stack = Stack.start(dir, 0.05);
    String imageId = createImage("share-1", "web-shared");
    StarterCloud bCloud = new StarterCloud(stack.emulator.baseUrl(), B, B_TOKEN);

    Stack.Run notYet = stack.as(B, B_TOKEN, "provision", imageId, "--az", "cn-north-4a");
    assertThat(notYet.exitCode()).as(notYet.toString()).isEqualTo(2);
    assertThat(notYet.err()).contains("does not exist for tenant tenant-b");

    Stack.Run share = stack.user("share", imageId, "--with", B);
    assertThat(share.exitCode()).as(share.toString()).isZero();
    assertThat(texts(stack.cloud.image(imageId).path("shared_with"))).containsExactly(B);

    Stack.Run provision = stack.as(B, B_TOKEN, "provision", imageId, "--az", "cn-north-4c", "--name", "b-clone",
        "--wait", "--json");
    assertThat(provision.exitCode()).as(provision.toString()).isZero();
    JsonNode bServer = bCloud.server(provision.json().path("servers").get(0).path("server_id").asText());
    assertThat(bServer.path("tenant").asText()).isEqualTo(B);
    assertThat(bServer.path("state").asText()).isEqualTo("RUNNING");

    JsonNode before = stack.adminState();
    List<String[]> readOnly = List.of(
        new String[] {"delete", imageId},
        new String[] {"delete", imageId, "--delete-backup"},
        new String[] {"share", imageId, "--with", "tenant-a"},
        new String[] {"replicate", imageId, "--region", "cn-east-3", "--wait"},
        new String[] {"export", imageId});
    for (String[] command : readOnly) {
      String[] args = java.util.Arrays.copyOfRange(command, 1, command.length);
      Stack.Run run = stack.as(B, B_TOKEN, command[0], args);
      assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run).isEqualTo(2);
      assertThat(run.out() + run.err()).doesNotContain("Exception");
    }
    assertUnchanged(before, stack.adminState());
    assertThat(stack.cloud.image(imageId).path("status").asText()).isEqualTo("NORMAL");

    // F21: an image of a server with a CSBS backup cannot be shared until that backup moves to CBR.
    Stack.Run csbsImage = stack.user("create", "--region", Stack.REGION, "--server", "ecs-csbs", "--vault",
        Stack.VAULT, "--name", "csbs-img", "--accept-disclaimer", "--request-id", "csbs-1", "--wait", "--json");
    assertThat(csbsImage.exitCode()).as(csbsImage.toString()).isZero();
    String csbsImageId = csbsImage.json().path("result").path("image_id").asText();
    Stack.Run blocked = stack.user("share", csbsImageId, "--with", B);
    assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(2);
    assertThat(blocked.err()).contains("CSBS").contains("CBR");
    assertThat(stack.cloud.image(csbsImageId).path("shared_with")).isEmpty();
  }

  /** {@code retained SUB args} as tenant-a: the identity options go after the subcommand. */
  private Stack.Run retained(String sub, String... args) {
    List<String> all = new ArrayList<>(List.of("retained", sub, "--tenant", Stack.TENANT, "--token", Stack.TOKEN,
        "--cloud-url", stack.emulator.baseUrl()));
    all.addAll(List.of(args));
    return stack.starter(all.toArray(String[]::new));
  }

  @Test
  void whatADeletedImageLeavesIsListedMadeIntoAnImageAndDeleted() { // F11, F17
    stack = Stack.start(dir, 0.05);
    String imageId = createImage("del-1", "web-del");
    JsonNode image = stack.cloud.image(imageId);
    List<String> snapshots = texts(image.path("snapshot_ids"));
    String backup = image.path("backup_id").asText();

    Stack.Run inUse = retained("delete", snapshots.get(0));
    assertThat(inUse.exitCode()).as(inUse.toString()).isEqualTo(2);
    assertThat(inUse.err()).contains("used by image " + imageId);

    Stack.Run delete = stack.user("delete", imageId);
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.out()).contains("DELETED").contains("backup " + backup + " kept")
        .contains("fullecs retained list --server " + Stack.SERVER);
    assertThat(stack.cloud.image(imageId).path("status").asText()).isEqualTo("DELETED");

    Stack.Run list = retained("list", "--server", Stack.SERVER, "--json");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    List<String> listed = new ArrayList<>();
    list.json().path("items").forEach(i -> listed.add(i.path("id").asText()));
    List<String> expected = new ArrayList<>(snapshots);
    expected.add(backup);
    assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);

    // F17: the retained backup makes a new image; it is then in use and not deletable.
    Stack.Run fromBackup = stack.user("create", "--region", Stack.REGION, "--from-backup", backup, "--vault",
        Stack.VAULT, "--name", "web-again", "--accept-disclaimer", "--request-id", "again-1", "--wait", "--json");
    assertThat(fromBackup.exitCode()).as(fromBackup.toString()).isZero();
    String again = fromBackup.json().path("result").path("image_id").asText();
    JsonNode before = stack.adminState();
    Stack.Run backupInUse = retained("delete", backup);
    assertThat(backupInUse.exitCode()).as(backupInUse.toString()).isEqualTo(2);
    assertThat(backupInUse.err()).contains("used by image " + again).contains("nothing was deleted");
    Stack.Run unknown = retained("delete", "snap-nope");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
    assertUnchanged(before, stack.adminState());

    // The image made from the backup restores from it and its snapshots: delete it, with its backup.
    Stack.Run deleteWithBackup = stack.user("delete", again, "--delete-backup", "--json");
    assertThat(deleteWithBackup.exitCode()).as(deleteWithBackup.toString()).isZero();
    assertThat(deleteWithBackup.json().path("backup_deleted").asBoolean()).isTrue();
    assertThat(stack.cloud.backupsOfServer(Stack.SERVER)).isEmpty();

    Stack.Run deleteSnapshots = retained("delete", snapshots.get(0), snapshots.get(1), snapshots.get(2));
    assertThat(deleteSnapshots.exitCode()).as(deleteSnapshots.toString()).isZero();
    assertThat(stack.cloud.snapshotsOfServer(Stack.SERVER)).isEmpty();
    Stack.Run empty = retained("list", "--server", Stack.SERVER);
    assertThat(empty.exitCode()).as(empty.toString()).isZero();
    assertThat(empty.out()).contains("has no retained snapshots or backups");
  }
}
