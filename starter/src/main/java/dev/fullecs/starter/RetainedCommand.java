package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a cancelled or failed creation, or a deleted image, left behind (F11, F17): the snapshots
 * and CBR backups of a server that no live image uses. They are the user's to keep, delete, or
 * make an image from (`create --from-backup`).
 */
@Command(
    name = "retained",
    mixinStandardHelpOptions = true,
    description = {"List and delete the snapshots and backups of a server that no image uses any more.",
        "What a running creation is making or using is not retained (F11)."},
    subcommands = {RetainedCommand.ListRetained.class, RetainedCommand.DeleteRetained.class})
final class RetainedCommand implements Runnable {
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
  record Item(String kind, String id, String serverId, int sizeGib, String status, String createdAt,
      List<String> usedBy, List<String> formerImages) {
    boolean retained() {
      return usedBy.isEmpty();
    }

    /** Still being made in the cloud ({@code creating}, {@code protecting}): not deletable yet. */
    boolean running() {
      return "creating".equals(status) || "protecting".equals(status);
    }
  }

  static boolean live(JsonNode image) {
    String s = image.path("status").asText();
    return !"DELETED".equals(s) && !"ERROR".equals(s);
  }

  /** The server's snapshots and backups, each with the images that list it or it is made for. */
  static List<Item> itemsOf(Session session, String serverId) {
    Map<String, List<String>> usedBy = new HashMap<>();
    Map<String, List<String>> former = new HashMap<>();
    Map<String, JsonNode> images = new HashMap<>();
    for (JsonNode img : session.cloud.images()) {
      if (!session.tenant.equals(img.path("tenant").asText())) {
        continue;
      }
      images.put(img.path("id").asText(), img);
      Map<String, List<String>> into = live(img) ? usedBy : former;
      String label = label(img);
      img.path("snapshot_ids").forEach(s -> into.computeIfAbsent(s.asText(), k -> new ArrayList<>()).add(label));
      if (img.path("backup_id").isTextual()) {
        into.computeIfAbsent(img.path("backup_id").asText(), k -> new ArrayList<>()).add(label);
      }
    }
    List<Item> items = new ArrayList<>();
    for (JsonNode s : session.cloud.snapshotsOfServer(serverId)) {
      items.add(item("snapshot", s, usedBy, former, images));
    }
    for (JsonNode b : session.cloud.backupsOfServer(serverId)) {
      items.add(item("backup", b, usedBy, former, images));
    }
    return items;
  }

  private static String label(JsonNode image) {
    return image.path("id").asText() + " (" + image.path("status").asText() + ")";
  }

  private static Item item(String kind, JsonNode n, Map<String, List<String>> usedBy,
      Map<String, List<String>> former, Map<String, JsonNode> images) {
    String id = n.path("id").asText();
    List<String> users = new ArrayList<>(usedBy.getOrDefault(id, List.of()));
    JsonNode madeFor = images.get(n.path("image_id").asText(""));
    if (madeFor != null && live(madeFor) && !users.contains(label(madeFor))) {
      users.add(label(madeFor)); // F11: what a running creation is making is in use, not retained
    }
    return new Item(kind, id, n.path("server_id").asText(), n.path("size_gib").asInt(), n.path("status").asText(),
        n.path("created_at").asText(), users, former.getOrDefault(id, List.of()));
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The server's snapshots and backups that no live image uses (--all: every one, with its user).")
  static final class ListRetained implements Callable<Integer> {
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
      PrintWriter out = spec.commandLine().getOut();
      if (global.json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", server);
        m.put("items", items);
        out.println(Json.write(m));
      } else if (items.isEmpty()) {
        out.println("ECS " + server + " has no " + (all ? "" : "retained ") + "snapshots or backups");
      } else {
        for (Item i : items) {
          out.printf("%-8s  %-26s  %6d GiB  %-10s  %s%n", i.kind(), i.id(), i.sizeGib(), i.status(),
              !i.usedBy().isEmpty() ? "used by " + String.join(", ", i.usedBy())
                  : i.formerImages().isEmpty() ? "retained" : "retained, was of " + String.join(", ", i.formerImages()));
        }
        out.println("delete with: fullecs retained delete ID...; make an image from a retained backup with:"
            + " fullecs create --from-backup ID ...");
      }
      out.flush();
      return ExitCodes.DONE;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = {"Delete retained snapshots and backups (a backup frees its space in the vault).",
          "Refused, and nothing deleted, if any of them does not exist, is still being made, or a live image",
          "(a running creation's among them) uses it."})
  static final class DeleteRetained implements Callable<Integer> {
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
        JsonNode n;
        String kind;
        try {
          kind = "snapshot";
          n = session.cloud.snapshot(id);
        } catch (CloudCallException e) {
          if (e.status() != 404) {
            throw e;
          }
          try {
            kind = "backup";
            n = session.cloud.backup(id);
          } catch (CloudCallException e2) {
            if (e2.status() == 404) {
              throw StarterException.refused("tenant " + session.tenant + " has no snapshot or backup " + id
                  + "; nothing was deleted");
            }
            throw e2;
          }
        }
        String serverId = n.path("server_id").asText();
        String kindFound = kind;
        Item item = itemsOf(session, serverId).stream().filter(i -> i.id().equals(id) && i.kind().equals(kindFound))
            .findFirst().orElse(item(kind, n, Map.of(), Map.of(), Map.of()));
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
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("deleted", deleted);
      ImageCommands.print(global, spec.commandLine().getOut(), m, "deleted " + String.join(", ", deleted));
      return ExitCodes.DONE;
    }
  }
}
