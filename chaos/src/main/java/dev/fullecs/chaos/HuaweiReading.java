package dev.fullecs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end state of a run in Huawei mode ({@code --cloud huaweicloud}), read in the terms the
 * checks use. On Huawei's surface the worker leaves, in the emulator's store:
 *
 * <ul>
 *   <li>no image record until IMS made the whole image; the IMS image has an id of its own and
 *       carries the workflow's image id as the tag {@code fullecs-image};
 *   <li>one CBR checkpoint per creation, its backup named {@code fullecs-<image id>} (no
 *       idempotency key), the disks' snapshots inside it; the workflow names them by the handles
 *       {@code backupId:diskId};
 *   <li>Nova locks without a holder: the audit log says {@code locked (a lock without a holder)}
 *       and {@code unlocked (was ...)}, not whose.
 * </ul>
 *
 * <p>This class rewrites the state and the audit log into the own API's terms: the IMS image gets
 * the workflow's image id; a creation whose checkpoint exists but which IMS made no image for gets
 * a record {@link #NO_IMS_IMAGE} naming that checkpoint's backup and snapshots (on Huawei the
 * checkpoint is the image record until F7); the checkpoint's backup and snapshots get the keys the
 * workflow would have given them; each snapshot is named by its handle; a Nova lock or unlock is
 * given to the one creation whose {@code LockEcs} or {@code UnlockEcs} activity ran at that moment
 * (its history's span). What cannot be rewritten without a guess is not: it is reported as a
 * violation instead (a second IMS image or checkpoint of one creation, a Nova action no creation's
 * activity explains or that two explain, two creations that both completed their lock of one
 * server while neither had unlocked it, something made for a creation after it closed).
 */
final class HuaweiReading {
  /** The status of a creation's record when IMS made no image for it: the checkpoint stands for it. */
  static final String NO_IMS_IMAGE = "NO_IMS_IMAGE";
  /** The Nova actions as {@code ServerLocks} writes them into the audit log. */
  static final String NOVA_OPERATION = "nova_server_action";
  static final String NOVA_LOCKED = "locked (a lock without a holder)";
  static final String NOVA_UNLOCKED = "unlocked (was ";
  /** The lock holder of a server locked without one (Nova's lock). */
  static final String NO_HOLDER = "(a Nova lock without a holder)";
  /**
   * How far an audit entry may lie outside an activity's span and still be its: the emulator
   * writes the entry before it answers, Temporal records the span's ends on the same machine's clock.
   */
  static final Duration SLACK = Duration.ofSeconds(1);

  final JsonNode before;
  final JsonNode after;
  final List<JsonNode> audit;

  private HuaweiReading(JsonNode before, JsonNode after, List<JsonNode> audit) {
    this.before = before;
    this.after = after;
    this.audit = audit;
  }

  /**
   * Rewrites {@code before}, {@code after} and {@code auditLog}; what it finds wrong on the way
   * goes into the checker's invariants.
   */
  static HuaweiReading of(InvariantChecker checker, List<PlannedCreation> plan, Map<String, TemporalView> views,
      Map<String, List<TemporalView.Span>> spans, JsonNode before, JsonNode after, List<JsonNode> auditLog) {
    Map<String, TemporalView> byImage = new HashMap<>();
    views.values().forEach(v -> byImage.put(v.imageId(), v));
    Map<String, String> serverOf = new HashMap<>();
    plan.forEach(c -> serverOf.put(c.workflowId(), c.serverId()));
    ObjectNode b = rewriteState(checker, before, byImage, false);
    ObjectNode a = rewriteState(checker, after, byImage, true);
    List<JsonNode> audit = rewriteAudit(checker, auditLog, views, spans, serverOf);
    checkHolders(checker, views, spans, serverOf);
    return new HuaweiReading(b, a, audit);
  }

  private static ObjectNode rewriteState(InvariantChecker checker, JsonNode state, Map<String, TemporalView> byImage,
      boolean report) {
    ObjectNode out = state.deepCopy();
    for (JsonNode s : out.path("servers")) {
      if (s.path("unnamed_lock").asBoolean(false) && !s.path("lock_holder").isTextual()) {
        ((ObjectNode) s).put("lock_holder", NO_HOLDER);
      }
    }
    // Snapshots: named by their handles, keyed as the workflow keys its snapshots.
    Map<String, String> handle = new HashMap<>();
    Map<String, String> checkpointOf = new HashMap<>(); // backup id -> image id
    for (JsonNode x : out.path("backups")) {
      String imageId = imageOfCheckpoint(x.path("name").asText());
      TemporalView v = imageId == null ? null : byImage.get(imageId);
      if (v != null && !x.path("idempotency_key").isTextual()) {
        ((ObjectNode) x).put("idempotency_key", v.backupKey()).put("image_id", imageId);
        checkpointOf.put(x.path("id").asText(), imageId);
      }
    }
    Map<String, JsonNode> snapshots = new HashMap<>();
    out.path("snapshots").forEach(s -> snapshots.put(s.path("id").asText(), s));
    for (JsonNode x : out.path("backups")) {
      String backupId = x.path("id").asText();
      ArrayNode handles = CloudAdmin.JSON.createArrayNode();
      for (JsonNode sid : x.path("snapshot_ids")) {
        JsonNode s = snapshots.get(sid.asText());
        if (s == null) {
          handles.add(sid.asText());
          continue;
        }
        String h = backupId + ":" + s.path("disk_id").asText();
        handle.putIfAbsent(sid.asText(), h);
        handles.add(h);
        String imageId = checkpointOf.get(backupId);
        if (imageId != null && !s.path("idempotency_key").isTextual()) {
          ((ObjectNode) s).put("idempotency_key", byImage.get(imageId).snapshotKeyPrefix() + s.path("disk_id").asText())
              .put("image_id", imageId);
        }
      }
      ((ObjectNode) x).set("snapshot_ids", handles);
    }
    for (JsonNode s : out.path("snapshots")) {
      String h = handle.get(s.path("id").asText());
      if (h != null) {
        ((ObjectNode) s).put("id", h);
      }
    }
    // IMS images: the workflow's image id from the tag; the first one per tag, the others reported.
    Map<String, List<ObjectNode>> byTag = new LinkedHashMap<>();
    for (JsonNode img : out.path("images")) {
      ObjectNode i = (ObjectNode) img;
      ArrayNode snaps = CloudAdmin.JSON.createArrayNode();
      i.path("snapshot_ids").forEach(sid -> snaps.add(handle.getOrDefault(sid.asText(), sid.asText())));
      i.set("snapshot_ids", snaps);
      String tag = tag(i);
      if (tag != null) {
        byTag.computeIfAbsent(tag, k -> new ArrayList<>()).add(i);
      }
    }
    byTag.forEach((imageId, images) -> {
      images.sort(Comparator.comparing(i -> i.path("created_at").asText()));
      for (int n = 0; n < images.size(); n++) {
        ObjectNode i = images.get(n);
        i.put("ims_id", i.path("id").asText());
        i.put("id", n == 0 ? imageId : imageId + " (IMS image " + (n + 1) + ", " + i.path("ims_id").asText() + ")");
      }
      if (report && images.size() > 1) {
        checker.resources.violated(imageId + ": " + images.size() + " IMS images carry " + HuaweiImageCloud.IMAGE_TAG
            + "=" + imageId + " (" + images.stream().map(i -> i.path("ims_id").asText()).toList() + ")");
      }
    });
    // A creation's checkpoint with no IMS image: the checkpoint is its record.
    ArrayNode images = (ArrayNode) out.withArray("images");
    Map<String, Integer> checkpoints = new HashMap<>();
    for (JsonNode x : out.path("backups")) {
      String imageId = checkpointOf.get(x.path("id").asText());
      if (imageId == null) {
        continue;
      }
      if (checkpoints.merge(imageId, 1, Integer::sum) > 1 || byTag.containsKey(imageId)) {
        continue; // a second checkpoint is counted by the resources check (backups per creation)
      }
      ObjectNode rec = images.addObject();
      rec.put("id", imageId).put("status", NO_IMS_IMAGE).put("backup_id", x.path("id").asText())
          .put("name", HuaweiImageCloud.checkpointName(imageId)).put("created_at", x.path("created_at").asText());
      rec.set("snapshot_ids", x.path("snapshot_ids").deepCopy());
      rec.putArray("available_azs");
    }
    if (report) {
      nothingAfterTheClose(checker, out, byImage);
    }
    return out;
  }

  /** F11: nothing of a creation is made after it closed (its cleanup ended): no IMS image, no checkpoint. */
  private static void nothingAfterTheClose(InvariantChecker checker, JsonNode state, Map<String, TemporalView> byImage) {
    int checked = 0;
    for (String kind : List.of("images", "backups")) {
      for (JsonNode r : state.path(kind)) {
        String imageId = kind.equals("images") ? (r.has("ims_id") ? tag(r) : null) : r.path("image_id").asText(null);
        TemporalView v = imageId == null ? null : byImage.get(imageId);
        if (v == null || v.closedAt() == null || !r.path("created_at").isTextual()) {
          continue;
        }
        checked++;
        Instant made = Instant.parse(r.path("created_at").asText());
        if (made.isAfter(v.closedAt().plus(SLACK))) {
          checker.resources.violated(v.workflowId() + ": " + (kind.equals("images") ? "IMS image " + r.path("ims_id").asText()
              : "checkpoint backup " + r.path("id").asText()) + " made at " + InvariantChecker.time(made)
              + ", after the creation closed at " + InvariantChecker.time(v.closedAt()) + " (F11: nothing after the cleanup)");
        }
      }
    }
    checker.madeAfterClose = checked;
  }

  /** The workflow's image id of a checkpoint (backup) name {@code fullecs-<image id>}, or null. */
  static String imageOfCheckpoint(String name) {
    String prefix = HuaweiImageCloud.checkpointName("");
    return name != null && name.startsWith(prefix + "img-") ? name.substring(prefix.length()) : null;
  }

  /** The value of the image's {@code fullecs-image} tag, or null. */
  static String tag(JsonNode image) {
    for (JsonNode t : image.path("tags")) {
      if (HuaweiImageCloud.IMAGE_TAG.equals(t.path("key").asText())) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  /**
   * Each Nova lock (unlock) in the audit log becomes {@code locked by image X} ({@code unlocked by
   * image X}) of the one creation of that server whose {@code LockEcs} ({@code UnlockEcs}) ran at
   * that moment; one that no creation's activity explains, or that two explain, stays as it is and
   * is reported.
   */
  private static List<JsonNode> rewriteAudit(InvariantChecker checker, List<JsonNode> auditLog,
      Map<String, TemporalView> views, Map<String, List<TemporalView.Span>> spans, Map<String, String> serverOf) {
    List<JsonNode> out = new ArrayList<>();
    int nova = 0;
    for (JsonNode e : auditLog) {
      String detail = e.path("detail").asText();
      boolean lock = detail.equals(NOVA_LOCKED);
      boolean unlock = detail.startsWith(NOVA_UNLOCKED);
      if (!NOVA_OPERATION.equals(e.path("operation").asText()) || !lock && !unlock) {
        out.add(e);
        continue;
      }
      nova++;
      String server = e.path("resource_id").asText();
      Instant at = Instant.parse(e.path("at").asText());
      String activity = lock ? "LockEcs" : "UnlockEcs";
      List<String> whose = new ArrayList<>();
      for (TemporalView v : views.values()) {
        if (server.equals(serverOf.get(v.workflowId())) && spans.getOrDefault(v.workflowId(), List.of()).stream()
            .anyMatch(s -> s.activity().equals(activity) && s.covers(at, SLACK))) {
          whose.add(v.imageId());
        }
      }
      if (whose.size() == 1) {
        ObjectNode r = e.deepCopy();
        r.put("operation", "server_action").put("detail", (lock ? "locked by image " : "unlocked by image ") + whose.get(0));
        out.add(r);
      } else {
        checker.audit.violated("#" + e.path("seq").asLong() + " " + server + " Nova " + (lock ? "lock" : "unlock") + " at "
            + InvariantChecker.time(at) + (whose.isEmpty() ? " while no creation of that server ran " + activity
                : " while " + whose.size() + " creations of that server ran " + activity + ": " + whose)
            + " (Huawei's lock has no holder; whose it was is read from the histories)");
        out.add(e);
      }
    }
    checker.novaActions = nova;
    return out;
  }

  /**
   * From the histories alone: a creation holds its server's lock from its completed {@code LockEcs}
   * to the close of its last {@code UnlockEcs} (or its own close). Two creations of one server must
   * not hold it at once: Nova's lock on a locked server changes nothing and answers success, so
   * both would go on as holders.
   */
  private static void checkHolders(InvariantChecker checker, Map<String, TemporalView> views,
      Map<String, List<TemporalView.Span>> spans, Map<String, String> serverOf) {
    record Held(String imageId, Instant from, Instant to) {}
    Map<String, List<Held>> byServer = new HashMap<>();
    for (TemporalView v : views.values()) {
      Instant from = null;
      Instant to = null;
      for (TemporalView.Span s : spans.getOrDefault(v.workflowId(), List.of())) {
        if (s.activity().equals("LockEcs") && s.completed() && from == null) {
          from = s.closedAt();
        } else if (s.activity().equals("UnlockEcs")) {
          to = s.closedAt();
        }
      }
      if (from != null) {
        Instant end = to != null ? to : v.closedOrReadAt();
        byServer.computeIfAbsent(serverOf.get(v.workflowId()), k -> new ArrayList<>()).add(new Held(v.imageId(), from, end));
      }
    }
    byServer.forEach((server, held) -> {
      held.sort(Comparator.comparing(Held::from));
      for (int i = 1; i < held.size(); i++) {
        Held prev = held.get(i - 1);
        Held next = held.get(i);
        if (next.from().isBefore(prev.to())) {
          checker.audit.violated(server + ": " + next.imageId() + " completed its lock at " + InvariantChecker.time(next.from())
              + " while " + prev.imageId() + " held it (locked " + InvariantChecker.time(prev.from()) + ", unlocked "
              + InvariantChecker.time(prev.to()) + "): two holders of one Nova lock");
        }
      }
    });
  }
}
