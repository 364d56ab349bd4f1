package dev.fullecs.starter.render;

import dev.fullecs.cloud.Image;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.MaintenanceWindow;
import dev.fullecs.contract.Violation;
import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.commands.CancelCommand;
import dev.fullecs.starter.commands.ChangeOsCommand;
import dev.fullecs.starter.commands.CreateCommand;
import dev.fullecs.starter.commands.CreationReport;
import dev.fullecs.starter.commands.DeleteCommand;
import dev.fullecs.starter.commands.ExtendCommand;
import dev.fullecs.starter.commands.ImageCommands;
import dev.fullecs.starter.commands.ListCommand;
import dev.fullecs.starter.commands.ProvisionCommand;
import dev.fullecs.starter.commands.Refusal;
import dev.fullecs.starter.commands.RefusedImageOperations;
import dev.fullecs.starter.commands.ReplicateCommand;
import dev.fullecs.starter.commands.RetainedCommand;
import dev.fullecs.starter.commands.ShareCommand;
import dev.fullecs.starter.commands.ShowCommand;
import dev.fullecs.starter.commands.UnlockCommand;
import dev.fullecs.starter.commands.ValidateCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every result as text, for people: one method per result, all in one place. */
public final class TextViews {
  private TextViews() {}

  public static void show(Object result, Text t) {
    if (result instanceof Refusal r) {
      refusal(t, r.violations());
    } else if (result instanceof CreationReport r) {
      creation(t, r);
    } else if (result instanceof CreateCommand.Started r) {
      t.line("follow it with: fullecs watch " + r.workflowId());
    } else if (result instanceof ValidateCommand.Validated r) {
      validated(t, r);
    } else if (result instanceof ExtendCommand.Extended r) {
      String left = r.maintenanceWindowLeftMillis() == null ? "no window"
          : MaintenanceWindow.format(Duration.ofMillis(r.maintenanceWindowLeftMillis())) + " left";
      t.line("maintenance window of " + r.workflowId() + " extended by " + r.extendedBy()
          + ": now " + r.maintenanceWindow() + ", " + left);
    } else if (result instanceof ListCommand.Listed r) {
      listed(t, r);
    } else if (result instanceof ListCommand.ListedImages r) {
      listedImages(t, r);
    } else if (result instanceof ShowCommand.Shown r) {
      shown(t, r);
    } else if (result instanceof ShowCommand.ShownProvisioning r) {
      provisioning(t, r.provisioning());
    } else if (result instanceof ShowCommand.ShownReplication r) {
      replication(t, r.replication());
    } else if (result instanceof UnlockCommand.Unlocked r) {
      t.line("server " + r.serverId() + " unlocked");
    } else if (result instanceof ProvisionCommand.Running r) {
      t.line("follow it with: " + r.followWith());
    } else if (result instanceof ProvisionCommand.Provisioned r) {
      provisioned(t, r);
    } else if (result instanceof CancelCommand.ProvisioningCancelled r) {
      t.line("provisioning " + r.workflowId() + " is " + r.status().toLowerCase(Locale.ROOT) + "; servers deleted: "
          + (r.serversDeleted().isEmpty() ? "none" : String.join(", ", r.serversDeleted())));
    } else if (result instanceof ReplicateCommand.Replication r) {
      replication(t, r);
    } else if (result instanceof ChangeOsCommand.OsChanged r) {
      t.line("done: " + r.lastChangeOs() + "; ECS " + r.serverId() + " is " + r.server().state());
    } else if (result instanceof ShareCommand.Shared r) {
      t.line("image " + r.imageId() + " is shared with " + r.otherTenant()
          + ", read-only: it can list the image and provision from it, not delete, share or replicate it");
    } else if (result instanceof DeleteCommand.Deleted r) {
      deleted(t, r);
    } else if (result instanceof RetainedCommand.Listed r) {
      retained(t, r);
    } else if (result instanceof RetainedCommand.Deleted r) {
      t.line("deleted " + String.join(", ", r.deleted()));
    } else if (result instanceof RefusedImageOperations.Answered r) {
      t.line(r.operation() + " of image " + r.imageId() + " accepted");
    } else {
      throw new IllegalArgumentException("no text view for " + result.getClass().getSimpleName());
    }
  }

  public static void violations(Text t, List<Violation> violations) {
    for (Violation v : violations) {
      t.line("  " + v.code() + ": " + v.message());
      if (v.remedy() != null && !v.remedy().isBlank()) {
        t.line("      remedy: " + v.remedy());
      }
    }
  }

  /** A refused request, the same wherever it was caught. */
  public static void refusal(Text t, List<Violation> violations) {
    t.line("refused: " + violations.size() + (violations.size() == 1 ? " rule is" : " rules are")
        + " broken, nothing was changed:");
    violations(t, violations);
  }

  private static void validated(Text t, ValidateCommand.Validated r) {
    if (r.valid()) {
      t.line("valid: image " + r.imageName() + " can be created from " + r.source());
    } else {
      t.line(r.violations().size() + (r.violations().size() == 1 ? " rule is" : " rules are") + " broken:");
      violations(t, r.violations());
    }
  }

  private static void creation(Text t, CreationReport o) {
    CreationResult r = o.result();
    switch (o.status()) {
      case "COMPLETED":
        t.line("image " + r.imageId() + " is " + r.imageStatus() + " in " + String.join(", ", r.availableAzs()));
        break;
      case "CANCELED":
        t.line("creation " + o.workflowId() + " was cancelled");
        break;
      default:
        t.line("creation " + o.workflowId() + " " + o.status().toLowerCase(Locale.ROOT)
            + (o.failureType() == null ? "" : " (" + o.failureType() + ")") + ": " + o.message());
        violations(t, o.violations());
    }
    List<String[]> fields = new ArrayList<>();
    if (r != null) {
      fields.add(new String[] {"snapshots", String.join(", ", r.snapshotIds())});
      fields.add(new String[] {"backup", r.backupId() == null ? "-" : r.backupId()});
    }
    if (o.retained() != null) {
      fields.add(new String[] {"image", o.retained().imageId() + " "
          + (o.image() == null ? o.retained().imageStatus() : o.image().status())});
      fields.add(new String[] {"retained", o.retained().describe()});
    }
    if (o.server() != null) {
      fields.add(new String[] {"ECS", o.server().serverId()
          + (o.server().lockHolder() == null ? " unlocked" : " LOCKED by " + o.server().lockHolder())});
    }
    if (r != null) {
      List<String> parts = new ArrayList<>();
      o.secondsPerStep().forEach((step, s) -> parts.add(step + " " + String.format(Locale.ROOT, "%.1f", s)));
      fields.add(new String[] {"seconds per step", String.join(", ", parts)});
    }
    t.fields(2, fields);
  }

  private static void listed(Text t, ListCommand.Listed r) {
    boolean creations = r.kind() == ListCommand.Kind.creations;
    List<List<String>> rows = new ArrayList<>();
    for (ListCommand.Row w : r.rows()) {
      rows.add(creations
          ? List.of(w.workflowId(), w.status(), dash(w.imageId()), dash(w.imageStatus()), dash(w.ecsId()), w.started())
          : List.of(w.workflowId(), w.status(), dash(w.imageId()), dash(w.region()), w.started()));
    }
    t.table(creations
        ? List.of("WORKFLOW ID", "STATUS", "IMAGE", "IMAGE STATUS", "ECS", "STARTED")
        : List.of("WORKFLOW ID", "STATUS", "IMAGE", "REGION", "STARTED"), rows);
  }

  private static void listedImages(Text t, ListCommand.ListedImages r) {
    t.err.println("note: " + r.note());
    List<List<String>> rows = new ArrayList<>();
    for (ListCommand.ImageRow i : r.images()) {
      rows.add(List.of(i.imageId(), i.imageName(), i.imageStatus(), dash(i.ecsId()), dash(i.created())));
    }
    t.table(List.of("IMAGE", "NAME", "STATUS", "ECS", "CREATED"), rows);
  }

  private static void shown(Text t, ShowCommand.Shown r) {
    if (r.creation() != null) {
      t.line("creation " + r.creation().workflowId() + ": " + r.creation().status());
    }
    Image image = r.image();
    if (image == null) {
      t.line("no image record yet");
      return;
    }
    t.line("image " + image.id() + " (" + image.name() + "): " + image.status());
    t.fields(2, List.of(
        new String[] {"available in", join(image.availableAzs())},
        new String[] {"region", image.region()},
        new String[] {"source ECS", image.sourceServerId()},
        new String[] {"source backup", image.sourceBackupId()},
        new String[] {"vault", image.vaultId()},
        new String[] {"snapshots", join(image.snapshotIds())},
        new String[] {"backup", image.backupId()},
        new String[] {"failure", image.failureReason()},
        new String[] {"retained", image.retainedNote()},
        new String[] {"created", image.createdAt() == null ? null : image.createdAt().toString()},
        new String[] {"updated", image.updatedAt() == null ? null : image.updatedAt().toString()}));
  }

  private static void provisioning(Text t, ShowCommand.Provisioning p) {
    t.line("provisioning " + p.workflowId() + ": " + p.status());
    t.fields(2, List.of(
        new String[] {"image", p.imageId()},
        new String[] {"AZ", p.az()},
        new String[] {"servers", p.count() == null ? null
            : p.count() + " named " + p.namePrefix() + "-1" + (p.count() == 1 ? "" : " to " + p.namePrefix() + "-" + p.count())}));
    List<List<String>> rows = new ArrayList<>();
    for (ProvisionCommand.Server s : p.servers()) {
      rows.add(List.of(s.name(), dash(s.serverId()), s.state(), s.disks() == null ? "" : "disks: " + ImageCommands.disks(s.disks())));
    }
    if (!rows.isEmpty()) {
      t.table(List.of("NAME", "SERVER", "STATE", ""), rows, 2);
    }
  }

  private static void replication(Text t, ShowCommand.Replication r) {
    t.line("replication " + r.workflowId() + ": " + r.status());
    Image replica = r.replica();
    t.fields(2, List.of(
        new String[] {"image", r.imageId()},
        new String[] {"to region", r.region()},
        new String[] {"replica", r.replicaId() == null
            ? ("RUNNING".equals(r.status()) ? "not accepted by the cloud yet" : "none")
            : r.replicaId() + (replica == null ? "" : " " + replica.status()
                + (join(replica.availableAzs()).isEmpty() ? "" : " in " + join(replica.availableAzs())))}));
  }

  private static void provisioned(Text t, ProvisionCommand.Provisioned r) {
    if (r.exitCode() == ExitCodes.DONE) {
      t.line("provisioned " + r.servers().size() + (r.servers().size() == 1 ? " ECS" : " ECSs") + " from image "
          + r.imageId() + " in " + r.az() + ":");
      List<List<String>> rows = new ArrayList<>();
      for (ProvisionCommand.Server s : r.servers()) {
        rows.add(List.of(s.name(), dash(s.serverId()), s.state(),
            s.disks() == null ? "" : "disks: " + ImageCommands.disks(s.disks())));
      }
      t.table(null, rows, 2);
    } else if (r.exitCode() == ExitCodes.REFUSED) {
      t.line("refused, nothing was created: " + r.message());
    } else if (r.exitCode() == ExitCodes.CANCELLED) {
      t.line("provisioning was cancelled; the servers it had created were deleted");
    } else {
      t.line("provisioning " + r.status().toLowerCase(Locale.ROOT) + ": " + r.message()
          + (r.status().equals("TERMINATED") ? "" : "; the servers it had created were deleted"));
    }
  }

  private static void replication(Text t, ReplicateCommand.Replication r) {
    if (r.runId() == null) {
      t.line("follow it with: fullecs replicate " + r.imageId() + " --region " + r.region()
          + " --request-id " + r.requestId() + " --wait");
    } else if (r.exitCode() == ExitCodes.DONE) {
      Image replica = r.replica();
      t.line("replica " + r.replicaId() + " of image " + r.imageId() + " is NORMAL in " + r.region()
          + (replica == null ? "" : " (" + join(replica.availableAzs()) + "), replicated from "
              + replica.replicatedFrom()));
    } else {
      t.line((r.exitCode() == ExitCodes.REFUSED ? "refused, nothing was copied: "
          : "replication " + r.status().toLowerCase(Locale.ROOT) + ": ") + r.message());
    }
  }

  private static void deleted(Text t, DeleteCommand.Deleted r) {
    String server = r.image().sourceServerId() == null ? "" : r.image().sourceServerId();
    List<String> snapshots = r.snapshotsKept();
    String backup = r.backupId();
    t.line("image " + r.imageId() + " is " + r.status()
        + "; snapshots kept: " + (snapshots.isEmpty() ? "none" : String.join(", ", snapshots))
        + "; backup " + (backup == null ? "none" : backup + (r.backupDeleted() ? " deleted" : " kept"))
        + (server.isEmpty() || (snapshots.isEmpty() && (backup == null || r.backupDeleted())) ? ""
            : " (see them with `fullecs retained list --server " + server + "`)"));
  }

  private static void retained(Text t, RetainedCommand.Listed r) {
    if (r.items().isEmpty()) {
      t.line("ECS " + r.serverId() + " has no " + (r.all() ? "" : "retained ") + "snapshots or backups");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (RetainedCommand.Item i : r.items()) {
      rows.add(List.of(i.kind(), i.id(), i.sizeGib() + " GiB", i.status(),
          !i.usedBy().isEmpty() ? "used by " + String.join(", ", i.usedBy())
              : i.formerImages().isEmpty() ? "retained" : "retained, was of " + String.join(", ", i.formerImages())));
    }
    t.table(null, rows);
    t.line("delete with: fullecs retained delete ID...; make an image from a retained backup with:"
        + " fullecs create --from-backup ID ...");
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }

  private static String join(List<String> items) {
    return items == null ? "" : String.join(", ", items);
  }
}
