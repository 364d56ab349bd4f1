package dev.fullecs.emulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.IdempotencyKey;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.job.Job;
import dev.fullecs.emulator.job.Jobs;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Disk;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.server.ServerLocks;
import dev.fullecs.emulator.server.Servers;
import dev.fullecs.emulator.store.Tx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECS as Huawei's API serves it: ShowServer, ListServerBlockDevices, CreateServers (idempotent by
 * {@code X-Client-Token}) and ChangeServerOsWithCloudInit, the last two answered with a job
 * ({@link JobApi}). Thin mappings of {@link Servers} and {@link Jobs}.
 */
final class EcsApi {
  /** The only idempotency header of the APIs mapped here (ECS CreateServers). */
  static final String CLIENT_TOKEN = "X-Client-Token";
  private static final Pattern FLAVOR = Pattern.compile("[a-z0-9]+\\.(\\d*)(medium|large|xlarge)\\.(\\d+)");

  private final Servers servers;
  private final Jobs jobs;

  private EcsApi(Servers servers, Jobs jobs) {
    this.servers = servers;
    this.jobs = jobs;
  }

  static void register(Router router, Cloud cloud) {
    EcsApi api = new EcsApi(cloud.servers(), cloud.jobs());
    router.get("/v1/{project_id}/cloudservers/{server_id}", "ecs_show_server", Access.TENANT_OR_SERVICE, api::show)
        .get("/v1/{project_id}/cloudservers/{server_id}/block_device", "ecs_list_server_block_devices",
            Access.TENANT_OR_SERVICE, api::blockDevices)
        .write("POST", "/v1.1/{project_id}/cloudservers", "ecs_create_servers", Access.TENANT_OR_SERVICE,
            IdempotencyKey.optional(CLIENT_TOKEN), api::create)
        .write("POST", "/v2/{project_id}/cloudservers/{server_id}/changeos", "ecs_change_os",
            Access.TENANT_OR_SERVICE, IdempotencyKey.NONE, api::changeOs);
  }

  private Reply show(Call call) {
    return Reply.ok(Map.of("server", view(servers.get(call.tenant(), call.param("server_id")))));
  }

  private Reply blockDevices(Call call) {
    Server s = servers.get(call.tenant(), call.param("server_id"));
    List<Map<String, Object>> attachments = new ArrayList<>();
    for (int i = 0; i < s.disks.size(); i++) {
      Disk d = s.disks.get(i);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("serverId", s.id);
      a.put("id", d.id);
      a.put("volumeId", d.id);
      a.put("device", device(i));
      a.put("size", d.sizeGib);
      a.put("bootIndex", "system".equals(d.role) ? 0 : -1);
      a.put("bus", "virtio");
      a.put("pciAddress", String.format("0000:02:%02x.0", i + 1));
      attachments.add(a);
    }
    int free = Math.max(0, 24 - s.disks.size());
    Map<String, Object> quantity = new LinkedHashMap<>();
    quantity.put("free_scsi", free);
    quantity.put("free_blk", free);
    quantity.put("free_disk", free);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("attachableQuantity", quantity);
    out.put("volumeAttachments", attachments);
    return Reply.ok(out);
  }

  /** {@code {"server": {"imageRef", "name", "availability_zone", "flavorRef", "count"?, ...}}}: one server from an image (F18). */
  private Reply create(Call call, Tx tx) {
    JsonNode server = Wire.object(call).get("server");
    if (server == null || !server.isObject()) {
      throw Refusal.invalid("server is required");
    }
    JsonNode count = server.get("count");
    if (count != null && !count.isNull() && count.asInt(-1) != 1) {
      throw Refusal.invalid("count must be 1: the emulator creates one server per request");
    }
    Server s = servers.provision(tx, call.tenant(), Wire.text(server, "name"), Wire.text(server, "imageRef"),
        Wire.text(server, "availability_zone"), Wire.text(server, "flavorRef"));
    Job job = jobs.start(tx, call.tenant(), "ecs", "createServer", List.of(s.id), null);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("job_id", job.id);
    out.put("serverIds", List.of(s.id));
    return Reply.ok(out);
  }

  /** {@code {"os-change": {"imageid", ...}}}: the OS of a stopped server from a full-ECS image (F19). */
  private Reply changeOs(Call call, Tx tx) {
    String id = call.param("server_id");
    servers.forAction(tx, call.caller(), call.tenant(), id, "change_os");
    JsonNode change = Wire.object(call).get("os-change");
    if (change == null || !change.isObject()) {
      throw Refusal.invalid("os-change is required");
    }
    Server s = servers.changeOsOfStopped(tx, call.caller(), call.tenant(), id, Wire.text(change, "imageid"));
    Job job = jobs.start(tx, call.tenant(), "ecs", "changeOS", List.of(s.id), null);
    return Reply.ok(Map.of("job_id", job.id));
  }

  /** The server as ECS's ShowServer shows it. */
  static Map<String, Object> view(Server s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", s.id);
    v.put("name", s.name);
    v.put("status", switch (s.state) {
      case "RUNNING" -> "ACTIVE";
      case "STOPPED" -> "SHUTOFF";
      case "BUILDING" -> "BUILD";
      case "REBOOTING" -> "REBOOT";
      case "RESIZING" -> "RESIZE";
      default -> s.state;
    });
    v.put("OS-EXT-STS:vm_state", switch (s.state) {
      case "RUNNING", "REBOOTING", "RESIZING" -> "active";
      case "STOPPED" -> "stopped";
      case "BUILDING" -> "building";
      case "ERROR" -> "error";
      case "DELETED" -> "deleted";
      default -> s.state.toLowerCase(java.util.Locale.ROOT);
    });
    v.put("OS-EXT-STS:task_state", switch (s.state) {
      case "REBOOTING" -> "rebooting";
      case "RESIZING" -> "resize_prep";
      case "BUILDING" -> "spawning";
      default -> null;
    });
    v.put("OS-EXT-STS:power_state", "RUNNING".equals(s.state) || "REBOOTING".equals(s.state)
        || "RESIZING".equals(s.state) ? 1 : 4);
    v.put("OS-EXT-AZ:availability_zone", s.az);
    v.put("flavor", flavor(s.flavor));
    v.put("image", s.imageId == null ? null : Map.of("id", s.imageId));
    v.put("locked", ServerLocks.isLocked(s));
    List<Map<String, Object>> volumes = new ArrayList<>();
    for (int i = 0; i < s.disks.size(); i++) {
      Disk d = s.disks.get(i);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", d.id);
      a.put("delete_on_termination", "false");
      a.put("bootIndex", "system".equals(d.role) ? "0" : "-1");
      a.put("device", device(i));
      volumes.add(a);
    }
    v.put("os-extended-volumes:volumes_attached", volumes);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("os_type", "WINDOWS".equals(s.os) ? "Windows" : "Linux");
    metadata.put("charging_mode", "0");
    if (s.imageId != null) {
      metadata.put("metering.image_id", s.imageId);
    }
    v.put("metadata", metadata);
    v.put("tenant_id", s.tenant);
    v.put("addresses", Map.of());
    v.put("security_groups", List.of());
    v.put("key_name", null);
    v.put("host_status", "UP");
    v.put("description", "");
    v.put("tags", List.of());
    String project = Wire.enterpriseProjectId(s.enterpriseProject);
    v.put("enterprise_project_id", project);
    v.put("sys_tags", List.of(Map.of("key", "_sys_enterprise_project_id", "value", project)));
    return v;
  }

  /** {@code /dev/vda}, {@code /dev/vdb}, ... in the order of the server's disks. */
  private static String device(int index) {
    return "/dev/vd" + (char) ('a' + Math.min(index, 25));
  }

  /** The flavor as ECS shows it; vCPUs and memory read from a name such as {@code s6.large.2} (2 vCPUs, 4096 MB). */
  private static Map<String, Object> flavor(String id) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", id);
    f.put("name", id);
    Matcher m = id == null ? null : FLAVOR.matcher(id);
    if (m != null && m.matches()) {
      int times = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
      int vcpus = switch (m.group(2)) {
        case "medium" -> 1;
        case "large" -> 2;
        default -> 4 * times;
      };
      f.put("vcpus", String.valueOf(vcpus));
      f.put("ram", String.valueOf(vcpus * Integer.parseInt(m.group(3)) * 1024));
    } else {
      f.put("vcpus", null);
      f.put("ram", null);
    }
    f.put("disk", "0");
    return f;
  }
}
