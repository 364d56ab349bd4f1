package dev.fullecs.emulator.server;

import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.Region;
import dev.fullecs.emulator.tenant.TokenKind;
import dev.fullecs.emulator.timing.LoadModel;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ECS servers: what they look like now, the lock of F3 (rules in {@link ServerLocks}), the
 * ordinary actions (each refused while the server is locked or deleted, each in the states it
 * needs), a new server provisioned from a full-ECS image (F18), and a server's OS changed from
 * one (F19). Who may act (F23): the image service locks and unlocks; the tenant's own credential
 * does the ordinary actions, except that the image service may delete a server it provisioned.
 */
public final class Servers {
  private static final Set<String> DISK_TYPES = Set.of("SSD", "SAS", "GPSSD", "DSS");
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{1,64}");

  private final Store store;
  private final LoadModel load;
  private final BootImages images;
  private final ServerLocks locks = new ServerLocks();

  public Servers(Store store, LoadModel load, BootImages images) {
    this.store = store;
    this.load = load;
    this.images = images;
  }

  public ServerLocks locks() {
    return locks;
  }

  /** The tenant's servers as they are now (a provisioned server RUNNING once restored). */
  public List<Server> list(String tenant) {
    long now = store.nowMs();
    return store.list(Server.class, tenant).stream().map(s -> s.settled(now)).toList();
  }

  /** The server as it is now, or a refusal (SERVER_NOT_FOUND). */
  public Server get(String tenant, String id) {
    Server s = store.get(Server.class, tenant, id);
    if (s == null) {
      throw Refusal.notFound("server", id);
    }
    return s.settled(store.nowMs());
  }

  /** The tenant's server that carries the disk {@code diskId}, as it is now, or a refusal (DISK_NOT_FOUND). */
  public Server withDisk(String tenant, String diskId) {
    long now = store.nowMs();
    for (Server s : store.list(Server.class, tenant)) {
      if (diskId != null && s.disk(diskId) != null) {
        return s.settled(now);
      }
    }
    throw Refusal.notFound("disk", diskId);
  }

  /**
   * The server, if {@code caller} may do {@code action} to it now: the tenant has it, the caller
   * has the credential the action needs, and for an ordinary action it is neither locked nor
   * deleted. Every action checks this first; a surface may ask before it reads the action's arguments.
   */
  public Server forAction(Tx tx, Caller caller, String tenant, String id, String action) {
    return action.equals("lock") || action.equals("unlock")
        ? lockable(tx, caller, tenant, id, action)
        : actionable(tx, caller, tenant, id, action);
  }

  /** The lock of F3, taken by the image {@code holder}; the image service's credential only. */
  public Server lock(Tx tx, Caller caller, String tenant, String id, String holder) {
    Server s = lockable(tx, caller, tenant, id, "lock");
    return locks.lock(tx, s, requireHolder(holder));
  }

  /** The lock of F3, released by its holder; the image service's credential only. */
  public Server unlock(Tx tx, Caller caller, String tenant, String id, String holder) {
    Server s = lockable(tx, caller, tenant, id, "unlock");
    return locks.unlock(tx, s, requireHolder(holder));
  }

  /** Huawei's lock (no holder): the image service's credential only; a no-op on a locked server. */
  public Server lockWithoutHolder(Tx tx, Caller caller, String tenant, String id) {
    return locks.lockWithoutHolder(tx, lockable(tx, caller, tenant, id, "lock"));
  }

  /** Huawei's unlock (no holder): the image service's credential only; releases the lock, whoever holds it. */
  public Server unlockWithoutHolder(Tx tx, Caller caller, String tenant, String id) {
    return locks.unlockWithoutHolder(tx, lockable(tx, caller, tenant, id, "unlock"));
  }

  public Server start(Tx tx, Caller caller, String tenant, String id) {
    Server s = actionable(tx, caller, tenant, id, "start");
    requireState(s, "start", "STOPPED");
    s.state = "RUNNING";
    return done(tx, s, "start", "STOPPED -> RUNNING");
  }

  public Server stop(Tx tx, Caller caller, String tenant, String id) {
    Server s = actionable(tx, caller, tenant, id, "stop");
    requireState(s, "stop", "RUNNING");
    s.state = "STOPPED";
    return done(tx, s, "stop", "RUNNING -> STOPPED");
  }

  public Server reboot(Tx tx, Caller caller, String tenant, String id) {
    Server s = actionable(tx, caller, tenant, id, "reboot");
    requireState(s, "reboot", "RUNNING");
    return done(tx, s, "reboot", "rebooted");
  }

  public Server resize(Tx tx, Caller caller, String tenant, String id, String flavor) {
    Server s = actionable(tx, caller, tenant, id, "resize");
    if (flavor == null || flavor.isBlank()) {
      throw Refusal.invalid("flavor is required");
    }
    requireState(s, "resize", "RUNNING", "STOPPED");
    String detail = "flavor " + s.flavor + " -> " + flavor;
    s.flavor = flavor;
    return done(tx, s, "resize", detail);
  }

  /**
   * F19: the OS from a full-ECS image the tenant can see, NORMAL and available in the server's AZ;
   * only the system disk is written, the data disks stay as they are.
   */
  public Server changeOs(Tx tx, Caller caller, String tenant, String id, String imageId) {
    Server s = actionable(tx, caller, tenant, id, "change_os");
    if (imageId == null || imageId.isBlank()) {
      throw Refusal.invalid("image_id is required");
    }
    requireState(s, "change_os", "RUNNING", "STOPPED");
    BootImage img = images.find(s.tenant, imageId);
    if (img == null) {
      throw Refusal.notFound("image", imageId);
    }
    if (!"NORMAL".equals(img.status())) {
      throw Refusal.conflict("IMAGE_NOT_NORMAL", "image " + imageId + " is " + img.status() + ", not NORMAL");
    }
    if (!img.availableAzs().contains(s.az)) {
      throw Refusal.conflict("IMAGE_NOT_AVAILABLE_IN_AZ", "image " + img.id() + " is available in "
          + img.availableAzs() + " only, not in " + s.az);
    }
    String system = s.disks.stream().filter(d -> "system".equals(d.role)).map(d -> d.id).findFirst().orElse("none");
    long data = s.disks.stream().filter(d -> !"system".equals(d.role)).count();
    String detail = "OS from image " + imageId + ": wrote system disk " + system + " only; " + data
        + " data disk(s) unchanged";
    s.lastChangeOs = detail;
    s.imageId = imageId;
    return done(tx, s, "change_os", detail);
  }

  /**
   * F19 as Huawei's ECS does it ({@code changeos}): only a STOPPED server changes its OS; otherwise
   * as {@link #changeOs}.
   */
  public Server changeOsOfStopped(Tx tx, Caller caller, String tenant, String id, String imageId) {
    Server s = actionable(tx, caller, tenant, id, "change_os");
    requireState(s, "change_os", "STOPPED");
    return changeOs(tx, caller, tenant, id, imageId);
  }

  public Server attachDisk(Tx tx, Caller caller, String tenant, String id, Integer sizeGib, String diskType) {
    Server s = actionable(tx, caller, tenant, id, "attach_disk");
    if (sizeGib == null || sizeGib < 1 || sizeGib > 32768) {
      throw Refusal.invalid("size_gib must be between 1 and 32768");
    }
    String type = diskType == null ? "SSD" : diskType;
    if (!DISK_TYPES.contains(type)) {
      throw Refusal.invalid("type must be one of " + DISK_TYPES);
    }
    requireState(s, "attach_disk", "RUNNING", "STOPPED");
    int n = 1;
    while (s.disk(s.id + "-data" + n) != null) {
      n++;
    }
    Disk d = new Disk(s.id + "-data" + n, sizeGib, "data", type, s.az);
    s.disks.add(d);
    return done(tx, s, "attach_disk", "attached " + d.id);
  }

  public Server detachDisk(Tx tx, Caller caller, String tenant, String id, String diskId) {
    Server s = actionable(tx, caller, tenant, id, "detach_disk");
    Disk d = diskId == null ? null : s.disk(diskId);
    if (d == null) {
      throw Refusal.notFound("disk", String.valueOf(diskId));
    }
    if ("system".equals(d.role)) {
      throw Refusal.conflict("SYSTEM_DISK_NOT_DETACHABLE", "disk " + d.id + " is the system disk");
    }
    requireState(s, "detach_disk", "RUNNING", "STOPPED");
    s.disks.remove(d);
    return done(tx, s, "detach_disk", "detached " + d.id);
  }

  /** Final: a deleted server refuses everything after. Allowed in any state but while locked. */
  public Server delete(Tx tx, Caller caller, String tenant, String id) {
    Server s = actionable(tx, caller, tenant, id, "delete");
    String detail = s.state + " -> DELETED";
    s.state = "DELETED";
    return done(tx, s, "delete", detail);
  }

  /**
   * F18: a new server from a full-ECS image the tenant can see, in an AZ of the image's region
   * where the image is available: BUILDING until the load model's restore time has passed, its
   * system disk and every data disk restored from the image's disks (size, role, type).
   */
  public Server provision(Tx tx, String tenant, String name, String imageId, String az, String flavor) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw Refusal.invalid("name is required: 1-64 letters, digits, '.', '_' or '-'");
    }
    if (imageId == null || imageId.isBlank()) {
      throw Refusal.invalid("image_id is required");
    }
    if (az == null || az.isBlank()) {
      throw Refusal.invalid("az is required");
    }
    BootImage img = images.find(tenant, imageId);
    if (img == null) {
      throw Refusal.notFound("image", imageId);
    }
    Region region = store.world().region(img.region());
    if (region == null || !region.azs.contains(az)) {
      throw Refusal.unacceptable("AZ_NOT_IN_REGION", "AZ " + az + " is not in region " + img.region()
          + " of image " + img.id());
    }
    if (!"NORMAL".equals(img.status())) {
      throw Refusal.conflict("IMAGE_NOT_USABLE", "image " + img.id() + " is " + img.status()
          + "; only a NORMAL image can provision a server");
    }
    if (!img.availableAzs().contains(az)) {
      throw Refusal.conflict("IMAGE_NOT_AVAILABLE_IN_AZ", "image " + img.id() + " is available in AZ "
          + String.join(", ", img.availableAzs()) + " only until it is NORMAL in the whole region; not in " + az);
    }
    Server s = new Server();
    s.id = Ids.next("ecs");
    s.name = name;
    s.tenant = tenant;
    s.region = img.region();
    s.az = az;
    s.flavor = flavor == null || flavor.isBlank() ? "s6.large.2" : flavor;
    s.state = "BUILDING";
    s.imageId = img.id();
    Server source = store.get(Server.class, img.tenant(), img.sourceServerId());
    if (source != null) {
      s.kind = source.kind;
      s.os = source.os;
    }
    int data = 0;
    for (ImageDisk disk : images.disks(img)) {
      Disk from = source == null ? null : source.disk(disk.sourceDiskId());
      String role = from != null ? from.role : (disk.sourceDiskId().endsWith("-sys") ? "system" : "data");
      String type = from != null ? from.type : "SSD";
      String diskId = "system".equals(role) ? s.id + "-sys" : s.id + "-data" + (++data);
      s.disks.add(new Disk(diskId, disk.sizeGib(), role, type, az));
    }
    s.readyAtMs = tx.nowMs() + load.restoreMillis(s.totalSizeGib());
    tx.put(s);
    tx.audit(s.tenant, s.id, "BUILDING from image " + img.id() + " in " + az + " with " + s.disks.size() + " disk(s)");
    return s;
  }

  /** The operator opens a server's lock, whoever holds it. */
  public Server forceUnlock(Tx tx, String tenant, String id) {
    Server s = tx.get(Server.class, tenant, id);
    if (s == null) {
      throw Refusal.notFound("server", id);
    }
    return locks.forceUnlock(tx, s);
  }

  static void requireNotDeleted(Server s) {
    if ("DELETED".equals(s.state)) {
      throw Refusal.conflict("SERVER_DELETED", "server " + s.id + " is deleted");
    }
  }

  private static void requireState(Server s, String action, String... allowed) {
    for (String a : allowed) {
      if (a.equals(s.state)) {
        return;
      }
    }
    throw Refusal.conflict("INVALID_SERVER_STATE",
        "server " + s.id + " is " + s.state + "; " + action + " needs " + String.join(" or ", allowed));
  }

  private static String requireHolder(String holder) {
    if (holder == null || holder.isBlank()) {
      throw Refusal.invalid("holder is required");
    }
    return holder;
  }

  /** The server as it is now, for a change; refuses a server the tenant does not have. */
  private static Server current(Tx tx, String tenant, String id) {
    Server s = tx.get(Server.class, tenant, id);
    if (s == null) {
      throw Refusal.notFound("server", id);
    }
    return s.settled(tx.nowMs());
  }

  private static Server lockable(Tx tx, Caller caller, String tenant, String id, String action) {
    Server s = current(tx, tenant, id);
    if (caller.kind() != TokenKind.SERVICE) {
      throw Refusal.forbidden("SERVICE_TOKEN_REQUIRED",
          "only the image service's credential may " + action + " a server");
    }
    return s;
  }

  /** The server, if {@code caller} may do the ordinary {@code action} to it now: not locked, not deleted. */
  private Server actionable(Tx tx, Caller caller, String tenant, String id, String action) {
    Server s = current(tx, tenant, id);
    // The image service may delete a server it provisioned from an image (cleanup of F18).
    boolean serviceCleanup = action.equals("delete") && s.readyAtMs != null;
    if (!serviceCleanup && caller.kind() != TokenKind.TENANT) {
      throw Refusal.forbidden("TENANT_TOKEN_REQUIRED",
          "server action " + action + " needs the tenant's own token");
    }
    locks.refuseWhileLocked(s);
    requireNotDeleted(s);
    return s;
  }

  private static Server done(Tx tx, Server s, String action, String detail) {
    tx.put(s);
    tx.audit(s.tenant, s.id, action + ": " + detail);
    return s;
  }
}
