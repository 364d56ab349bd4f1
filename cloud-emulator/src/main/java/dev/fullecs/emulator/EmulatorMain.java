package dev.fullecs.emulator;

import dev.fullecs.emulator.inventory.Inventory;
import dev.fullecs.emulator.inventory.InventoryLoader;
import dev.fullecs.emulator.inventory.LoadServers;
import dev.fullecs.emulator.store.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar cloud-emulator.jar --port 8780 --db ./cloud-emulator.db}. */
@Command(name = "cloud-emulator", mixinStandardHelpOptions = true,
    description = "Emulates the cloud control plane (ECS, EVS, CBR, IMS) over HTTP/JSON, persistent in SQLite.",
    subcommands = EmulatorMain.GenerateInventory.class)
public final class EmulatorMain implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", description = "port to listen on; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port = EmulatorOptions.DEFAULT_PORT;

  @Option(names = "--bind", description = "address to listen on (default ${DEFAULT-VALUE})")
  String bind = "127.0.0.1";

  @Option(names = "--db", description = "SQLite database file, created if absent (default ${DEFAULT-VALUE})")
  Path db = Path.of("./cloud-emulator.db");

  @Option(names = "--inventory", description = "inventory JSON loaded into an empty database (default: bundled)")
  Path inventory;

  @Option(names = "--time-scale", description = "multiplies every task duration (default ${DEFAULT-VALUE})")
  double timeScale = 1.0;

  @Option(names = "--fixed-snapshot-seconds", description = "every snapshot takes exactly this long (with --fixed-backup-seconds)")
  Double fixedSnapshotSeconds;

  @Option(names = "--fixed-backup-seconds", description = "every backup takes exactly this long (with --fixed-snapshot-seconds)")
  Double fixedBackupSeconds;

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * The command line with one sentence for an error, never a stack trace: a bad option or file is
   * exit 2, anything else while starting exit 1.
   */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new EmulatorMain());
    cmd.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("error: " + e.getMessage());
      e.getCommandLine().getErr().println("(see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
      e.getCommandLine().getErr().flush();
      return 2;
    });
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + firstLine(e));
      commandLine.getErr().flush();
      return 1;
    });
    return cmd;
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** An inventory file the user named must be there and readable before anything is created. */
  private static void checkReadable(CommandLine cmd, String option, Path file) {
    if (file != null && !Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(cmd, option + " " + file + ": no such file");
    }
    if (file != null && !Files.isReadable(file)) {
      throw new CommandLine.ParameterException(cmd, option + " " + file + ": not readable");
    }
  }

  @Override
  public Integer call() throws Exception {
    checkReadable(spec.commandLine(), "--inventory", inventory);
    EmulatorOptions options = EmulatorOptions.defaults().database(db).bind(bind).port(port)
        .timeScale(timeScale).inventory(inventory);
    if (fixedSnapshotSeconds != null || fixedBackupSeconds != null) {
      if (fixedSnapshotSeconds == null || fixedBackupSeconds == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--fixed-snapshot-seconds and --fixed-backup-seconds go together");
      }
      options.fixedDurations(seconds(fixedSnapshotSeconds), seconds(fixedBackupSeconds));
    }
    CloudEmulator emu = CloudEmulator.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emu.close();
      stopped.countDown();
    }, "emulator-shutdown"));
    System.out.println("cloud-emulator listening on " + emu.baseUrl() + " (db " + db.toAbsolutePath() + ")");
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  /** Writes an inventory: the default one (or {@code --base}) plus N healthy servers and a vault for them. */
  @Command(name = "generate-inventory", mixinStandardHelpOptions = true,
      description = "Writes an inventory with N extra healthy servers (ecs-load-00001, ...) and a vault (vault-load) big enough for them.")
  static final class GenerateInventory implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--servers", required = true, description = "how many servers to add")
    int servers;

    @Option(names = "--tenant", description = "tenant that owns them (default ${DEFAULT-VALUE})")
    String tenant = "tenant-a";

    @Option(names = "--data-disks", description = "data disks per server (default ${DEFAULT-VALUE})")
    int dataDisks = 2;

    @Option(names = "--system-gib", description = "system disk size (default ${DEFAULT-VALUE})")
    int systemGib = 40;

    @Option(names = "--data-gib", description = "data disk size (default ${DEFAULT-VALUE})")
    int dataGib = 100;

    @Option(names = "--base", description = "inventory to start from (default: bundled)")
    Path base;

    @Option(names = "--out", required = true, description = "file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
      checkReadable(spec.commandLine(), "--base", base);
      Inventory inv = InventoryLoader.read(base);
      Inventory.TenantInventory t = inv.tenants.stream().filter(x -> x.id.equals(tenant)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("tenant " + tenant + " is not in the inventory"));
      String region = inv.regions.get(0).id;
      String az = inv.regions.get(0).azs.get(0);
      LoadServers.Spec spec = new LoadServers.Spec(tenant, servers, dataDisks, systemGib, dataGib, region, az);
      long existing = t.servers.stream().filter(s -> s.id.startsWith("ecs-load-")).count();
      t.servers.addAll(LoadServers.servers(spec, (int) existing));
      var vault = t.vaults.stream().filter(v -> v.id.equals(LoadServers.VAULT_ID)).findFirst().orElse(null);
      if (vault == null) {
        t.vaults.add(LoadServers.growVault(null, spec));
      } else {
        LoadServers.growVault(vault, spec);
      }
      Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(inv));
      System.out.println("wrote " + out + ": " + servers + " servers ecs-load-* in " + tenant + ", vault " + LoadServers.VAULT_ID);
      return 0;
    }
  }
}
