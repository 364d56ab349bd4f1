package dev.fullecs.starter.commands;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.starter.CloudCallException;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What a cancelled or failed creation, or a deleted image, left behind (F11, F17): the snapshots
 * and CBR backups of a server that no live image uses. They are the user's to keep, delete, or
 * make an image from (`create --from-backup`).
 */
@Command(
    name = "retained",
    mixinStandardHelpOptions = true,
    header = "List and delete the snapshots and backups of a server that no image uses any more.",
    description = "What a running creation is making or using is not retained (F11).",
    subcommands = {RetainedCommand.ListRetained.class, RetainedCommand.DeleteRetained.class})
public final class RetainedCommand implements Runnable {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * A snapshot or backup with the live images that use it (list it, or it is made for one: F11,
   * a running creation's own) and the former ones; retained when no live image uses it.
   */
  public record Item(String kind, String id, String serverId, int sizeGib, String status, String createdAt,
      List<String> usedBy, List<String> formerImages) {
    public boolean retained() {
      return usedBy.isEmpty();
    }

    /** Still being made in the cloud ({@code creating}, {@code protecting}): not deletable yet. */
    public boolean running() {
      return "creating".equals(status) || "protecting".equals(status);
    }
  }

  public static boolean live(Image image) {
    return !"DELETED".equals(image.status()) && !"ERROR".equals(image.status());
  }

  /** A snapshot or backup as the cloud has it: what an {@link Item} is made of. */
  private record Resource(String kind, String id, String serverId, int sizeGib, String status, Instant createdAt,
      String imageId) {
    public static Resource of(Snapshot s) {
      return new Resource("snapshot", s.id(), s.serverId(), s.sizeGib(), s.status(), s.createdAt(), s.imageId());
    }

    public static Resource of(Backup b) {
      return new Resource("backup", b.id(), b.serverId(), b.sizeGib(), b.status(), b.createdAt(), b.imageId());
    }
  }

  /** The server's snapshots and backups, each with the images that list it or it is made for. */
  public static List<Item> itemsOf(Session session, String serverId) {
    Map<String, List<String>> usedBy = new HashMap<>();
    Map<String, List<String>> former = new HashMap<>();
    Map<String, Image> images = new HashMap<>();
    for (Image img : session.cloud.images()) {
      if (!session.tenant.equals(img.tenant())) {
        continue;
      }
      images.put(img.id(), img);
      Map<String, List<String>> into = live(img) ? usedBy : former;
      String label = label(img);
      if (img.snapshotIds() != null) {
        img.snapshotIds().forEach(s -> into.computeIfAbsent(s, k -> new ArrayList<>()).add(label));
      }
      if (img.backupId() != null) {
        into.computeIfAbsent(img.backupId(), k -> new ArrayList<>()).add(label);
      }
    }
    List<Item> items = new ArrayList<>();
    for (Snapshot s : session.cloud.snapshotsOfServer(serverId)) {
      items.add(item(Resource.of(s), usedBy, former, images));
    }
    for (Backup b : session.cloud.backupsOfServer(serverId)) {
      items.add(item(Resource.of(b), usedBy, former, images));
    }
    return items;
  }

  private static String label(Image image) {
    return image.id() + " (" + image.status() + ")";
  }

  private static Item item(Resource n, Map<String, List<String>> usedBy,
      Map<String, List<String>> former, Map<String, Image> images) {
    List<String> users = new ArrayList<>(usedBy.getOrDefault(n.id(), List.of()));
    Image madeFor = n.imageId() == null ? null : images.get(n.imageId());
    if (madeFor != null && live(madeFor) && !users.contains(label(madeFor))) {
      users.add(label(madeFor)); // F11: what a running creation is making is in use, not retained
    }
    return new Item(n.kind(), n.id(), n.serverId() == null ? "" : n.serverId(), n.sizeGib(), n.status(),
        n.createdAt() == null ? "" : n.createdAt().toString(), users, former.getOrDefault(n.id(), List.of()));
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      header = "List the server's snapshots and backups that no live image uses.",
      description = "With --all, every one, with the images that use it.")
  public static final class ListRetained implements Callable<Integer> {
    @ParentCommand RetainedCommand parent;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(names = "--server", required = true, paramLabel = "SERVER", description = "The ECS.")
    String server;

    @Option(names = "--all", description = "Also those a live image still uses.")
    boolean all;

    @Override
    public Integer call() {
      Session session = Session.open(parent.root.context, global);
      ImageCommands.readServer(session, server);
      List<Item> items = new ArrayList<>();
      for (Item i : itemsOf(session, server)) {
        if (all || i.retained()) {
          items.add(i);
        }
      }
      return Output.of(spec, global.output, parent.root.context).show(new Listed(server, items, all));
    }
  }

  /** The server's retained snapshots and backups (with {@code all}, every one, with its users). */
  public record Listed(String serverId, List<Item> items, @JsonIgnore boolean all) implements Output.Result {}

  /** What {@code retained delete} deleted. */
  public record Deleted(List<String> deleted) implements Output.Result {}

  @Command(name = "delete", mixinStandardHelpOptions = true,
      header = "Delete retained snapshots and backups (a backup frees its space in the vault).",
      description = "Refused, and nothing deleted, if any of them does not exist, is still being made, or a live"
          + " image (a running creation's among them) uses it.")
  public static final class DeleteRetained implements Callable<Integer> {
    @ParentCommand RetainedCommand parent;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Snapshot or backup ids.")
    List<String> ids;

    @Override
    public Integer call() {
      Session session = Session.open(parent.root.context, global);
      Map<String, Item> checked = new LinkedHashMap<>();
      for (String id : ids) {
        Resource n;
        try {
          n = Resource.of(session.cloud.snapshot(id));
        } catch (CloudCallException e) {
          if (e.status() != 404) {
            throw e;
          }
          try {
            n = Resource.of(session.cloud.backup(id));
          } catch (CloudCallException e2) {
            if (e2.status() == 404) {
              throw StarterException.refused("tenant " + session.tenant + " has no snapshot or backup " + id
                  + "; nothing was deleted");
            }
            throw e2;
          }
        }
        String kind = n.kind();
        Item item = itemsOf(session, n.serverId()).stream().filter(i -> i.id().equals(id) && i.kind().equals(kind))
            .findFirst().orElse(item(n, Map.of(), Map.of(), Map.of()));
        if (!item.retained()) {
          boolean creating = item.usedBy().stream().anyMatch(u -> u.endsWith("(CREATING)"));
          throw StarterException.refused(kind + " " + id + " is used by image " + String.join(", ", item.usedBy())
              + (creating ? "; it is being created: cancel that creation or wait until it ends"
                  : "; delete the image first (with --delete-backup for its backup)") + "; nothing was deleted");
        }
        if (item.running()) {
          throw StarterException.refused(kind + " " + id + " is still " + item.status()
              + "; delete it once it is available or in error; nothing was deleted");
        }
        checked.put(id, item);
      }
      List<String> deleted = new ArrayList<>();
      for (Item i : checked.values()) {
        if ("snapshot".equals(i.kind())) {
          session.cloud.deleteSnapshot(i.id());
        } else {
          session.cloud.deleteBackup(i.id());
        }
        deleted.add(i.id());
      }
      return Output.of(spec, global.output, parent.root.context).show(new Deleted(deleted));
    }
  }
}
