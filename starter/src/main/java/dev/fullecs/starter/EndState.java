package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A finished creation as the cloud reports it: what the demo prints and the tests check. */
record EndState(
    String imageId,
    String imageStatus,
    List<String> availableAzs,
    List<String> regionAzs,
    List<String> snapshots,
    String backupId,
    String backupStatus,
    String serverId,
    String lockHolder) {

  static EndState read(StarterCloud cloud, String serverId, String region, String imageId) {
    List<String> regionAzs = new ArrayList<>();
    for (JsonNode r : cloud.regions()) {
      if (region.equals(r.path("id").asText())) {
        r.path("azs").forEach(az -> regionAzs.add(az.asText()));
      }
    }
    JsonNode image = imageId == null ? null : cloud.image(imageId);
    List<String> azs = new ArrayList<>();
    List<String> snapshots = new ArrayList<>();
    String backupId = null;
    String backupStatus = null;
    if (image != null) {
      image.path("available_azs").forEach(az -> azs.add(az.asText()));
      for (JsonNode id : image.path("snapshot_ids")) {
        JsonNode s = cloud.snapshot(id.asText());
        snapshots.add(id.asText() + " (disk " + s.path("disk_id").asText() + ", " + s.path("status").asText() + ")");
      }
      backupId = image.path("backup_id").asText(null);
      if (backupId != null && !image.path("backup_id").isNull()) {
        backupStatus = cloud.backup(backupId).path("status").asText();
      } else {
        backupId = null;
      }
    }
    JsonNode server = cloud.server(serverId);
    String holder = server.path("lock_holder").isNull() ? null : server.path("lock_holder").asText(null);
    return new EndState(imageId, image == null ? null : image.path("status").asText(), azs, regionAzs,
        snapshots, backupId, backupStatus, serverId, holder);
  }

  boolean ok() {
    return "NORMAL".equals(imageStatus)
        && !regionAzs.isEmpty()
        && availableAzs.containsAll(regionAzs)
        && !snapshots.isEmpty()
        && "available".equals(backupStatus)
        && lockHolder == null;
  }

  void print(PrintWriter out) {
    out.println("  image:       " + imageId + " " + imageStatus + " in " + String.join(", ", availableAzs)
        + (availableAzs.containsAll(regionAzs) ? " (every AZ of the region)" : " (region has " + String.join(", ", regionAzs) + ")"));
    for (String s : snapshots) {
      out.println("  snapshot:    " + s);
    }
    out.println("  backup:      " + backupId + " (" + backupStatus + ")");
    out.println("  ECS:         " + serverId + (lockHolder == null ? " unlocked" : " still LOCKED by " + lockHolder));
  }
}
