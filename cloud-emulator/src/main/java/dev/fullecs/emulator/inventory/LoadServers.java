package dev.fullecs.emulator.inventory;

import dev.fullecs.emulator.server.Disk;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.vault.Vault;
import java.util.ArrayList;
import java.util.List;

/** Healthy servers and a vault big enough for them, for load tests ({@code ecs-load-00001}, ...). */
public final class LoadServers {
  public static final String VAULT_ID = "vault-load";

  private LoadServers() {}

  /** Shape of the generated servers. */
  public record Spec(String tenant, int count, int dataDisks, int systemGib, int dataGib, String region, String az) {
    public Spec {
      if (count < 1 || count > 100_000) {
        throw new IllegalArgumentException("count must be between 1 and 100000");
      }
      if (dataDisks < 0 || dataDisks > 23) {
        throw new IllegalArgumentException("data_disks must be between 0 and 23");
      }
      if (systemGib < 1 || dataGib < 1) {
        throw new IllegalArgumentException("disk sizes must be >= 1 GiB");
      }
    }

    public long serverGib() {
      return systemGib + (long) dataDisks * dataGib;
    }
  }

  /** New servers, numbered after {@code existing} of them. */
  public static List<Server> servers(Spec spec, int existing) {
    List<Server> out = new ArrayList<>();
    for (int i = 1; i <= spec.count(); i++) {
      Server s = new Server();
      s.id = String.format("ecs-load-%05d", existing + i);
      s.name = s.id;
      s.tenant = spec.tenant();
      s.region = spec.region();
      s.az = spec.az();
      s.disks.add(new Disk(s.id + "-sys", spec.systemGib(), "system", "SSD", spec.az()));
      for (int d = 1; d <= spec.dataDisks(); d++) {
        s.disks.add(new Disk(s.id + "-data" + d, spec.dataGib(), "data", "SSD", spec.az()));
      }
      out.add(s);
    }
    return out;
  }

  /** Grows (or creates) {@link #VAULT_ID} so that every server can have three full backups. */
  public static Vault growVault(Vault existing, Spec spec) {
    Vault v = existing;
    if (v == null) {
      v = new Vault();
      v.id = VAULT_ID;
      v.name = VAULT_ID;
      v.tenant = spec.tenant();
      v.region = spec.region();
    }
    v.capacityGib += spec.count() * spec.serverGib() * 3;
    return v;
  }
}
