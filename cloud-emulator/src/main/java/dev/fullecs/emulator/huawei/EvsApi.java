package dev.fullecs.emulator.huawei;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.server.Disk;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.server.Servers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EVS as Huawei's API serves it: ShowVolume, a disk with its type, size, AZ and the server it is
 * attached to. A DSS disk (F2: a full-ECS image refuses one) shows as EVS shows a disk of a dedicated
 * storage pool: {@code dedicated_storage_id} and {@code dedicated_storage_name} set. A thin mapping of
 * {@link Servers}.
 */
final class EvsApi {
  private final Servers servers;

  private EvsApi(Servers servers) {
    this.servers = servers;
  }

  static void register(Router router, Cloud cloud) {
    EvsApi api = new EvsApi(cloud.servers());
    router.get("/v2/{project_id}/cloudvolumes/{volume_id}", "evs_show_volume", Access.TENANT_OR_SERVICE, api::show);
  }

  private Reply show(Call call) {
    String id = call.param("volume_id");
    Server s = servers.withDisk(call.tenant(), id);
    int index = s.disks.indexOf(s.disk(id));
    Disk d = s.disks.get(index);
    boolean dss = "DSS".equals(d.type);
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("server_id", s.id);
    attachment.put("attachment_id", d.id + "-attachment");
    attachment.put("device", "/dev/vd" + (char) ('a' + Math.min(index, 25)));
    attachment.put("host_name", null);
    attachment.put("id", d.id);
    attachment.put("volume_id", d.id);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", d.id);
    v.put("name", d.id);
    v.put("status", "DELETED".equals(s.state) ? "available" : "in-use");
    v.put("attachments", "DELETED".equals(s.state) ? List.of() : List.of(attachment));
    v.put("availability_zone", d.az);
    v.put("volume_type", dss ? "SAS" : d.type);
    v.put("size", d.sizeGib);
    v.put("bootable", "system".equals(d.role) ? "true" : "false");
    v.put("shareable", "false");
    v.put("multiattach", false);
    v.put("encrypted", false);
    v.put("metadata", Map.of());
    v.put("os-vol-tenant-attr:tenant_id", s.tenant);
    v.put("enterprise_project_id", Wire.enterpriseProjectId(s.enterpriseProject));
    v.put("service_type", "EVS");
    v.put("dedicated_storage_id", dss ? "dss-pool-" + d.az : null);
    v.put("dedicated_storage_name", dss ? "dss-pool-" + d.az : null);
    return Reply.ok(Map.of("volume", v));
  }
}
