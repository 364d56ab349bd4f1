package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks on the cloud's own records, read through its API with the tenant's token. */
final class CloudAssertions {
  private CloudAssertions() {}

  static List<String> texts(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }

  static List<String> diskIds(StarterCloud cloud, String serverId) {
    List<String> ids = new ArrayList<>();
    cloud.server(serverId).path("disks").forEach(d -> ids.add(d.path("id").asText()));
    return ids;
  }

  /** F5, F13, F15: every disk of the server has exactly one snapshot; returns disk to count. */
  static Map<String, Integer> assertOneSnapshotPerDisk(StarterCloud cloud, String serverId) {
    Map<String, Integer> perDisk = new TreeMap<>();
    for (JsonNode s : cloud.snapshotsOfServer(serverId)) {
      perDisk.merge(s.path("disk_id").asText(), 1, Integer::sum);
    }
    List<String> disks = diskIds(cloud, serverId);
    assertThat(disks).hasSize(3);
    assertThat(perDisk).containsOnlyKeys(disks);
    assertThat(perDisk.values()).allMatch(n -> n == 1);
    return perDisk;
  }

  static void assertUnlocked(StarterCloud cloud, String serverId) {
    JsonNode holder = cloud.server(serverId).path("lock_holder");
    assertThat(holder.isNull() || holder.isMissingNode()).as("lock holder of %s: %s", serverId, holder).isTrue();
  }

  /** The tenant's images made from {@code serverId} (the inventory has images of other servers). */
  static List<JsonNode> imagesOf(StarterCloud cloud, String serverId) {
    List<JsonNode> list = new ArrayList<>();
    cloud.images().forEach(i -> {
      if (serverId.equals(i.path("source_server_id").asText())) {
        list.add(i);
      }
    });
    return list;
  }

  /** The cloud's whole state without its timestamp, for before/after comparisons. */
  static void assertUnchanged(JsonNode before, JsonNode after) {
    com.fasterxml.jackson.databind.node.ObjectNode b = before.deepCopy();
    com.fasterxml.jackson.databind.node.ObjectNode a = after.deepCopy();
    b.remove("at");
    a.remove("at");
    assertThat(a.equals(b)).as("the cloud's state is unchanged").isTrue();
  }

  static List<String> regionAzs(StarterCloud cloud, String region) {
    for (JsonNode r : cloud.regions()) {
      if (region.equals(r.path("id").asText())) {
        return texts(r.path("azs"));
      }
    }
    return List.of();
  }
}
