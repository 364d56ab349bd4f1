package dev.fullecs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's admin calls the benchmark needs (generate servers, read and reset timings), through
 * the cloud module's one admin client ({@link dev.fullecs.cloud.emulator.EmulatorAdmin}).
 */
final class EmulatorAdmin {
  private final dev.fullecs.cloud.emulator.EmulatorAdmin admin;

  EmulatorAdmin(String baseUrl) {
    this.admin = new dev.fullecs.cloud.emulator.EmulatorAdmin(baseUrl, Bench.ADMIN_TOKEN);
  }

  /** {@code count} new healthy servers with {@code dataDisks} data disks each, in vault-load's tenant. */
  List<String> generate(int count, int dataDisks) {
    JsonNode res = admin.call("POST", "/admin/generate",
        "{\"tenant\":\"" + Bench.TENANT + "\",\"count\":" + count + ",\"data_disks\":" + dataDisks + "}");
    List<String> ids = new ArrayList<>();
    res.get("server_ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  JsonNode stats() {
    return admin.call("GET", "/admin/stats", null);
  }

  void resetStats() {
    admin.call("POST", "/admin/stats/reset", null);
  }
}
