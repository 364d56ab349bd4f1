package dev.fullecs.starter.commands;

import dev.fullecs.cloud.Image;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    header = "Delete a full-ECS image; its snapshots (and backup) are kept.",
    description = "Its snapshots are kept, and its CBR backup too unless --delete-backup (the cloud's"
        + " delete_backup choice). Deleting an image that is still being created stops that creation; it"
        + " unlocks the ECS and keeps what it made (F11a). List and delete what was kept with `retained`.")
public final class DeleteCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "IMAGE", description = "The tenant's own image.")
  String image;

  @Option(names = "--delete-backup", description = "Delete the image's CBR backup too (frees its space in the vault).")
  boolean deleteBackup;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Image before = ImageCommands.readImage(session, image);
    ImageCommands.requireOwn(session, before, "delete");
    Image after = session.cloud.deleteImage(image, deleteBackup);
    List<String> snapshots = after.snapshotIds() == null ? List.of() : after.snapshotIds();
    // the answer no longer names a deleted backup: take it from the image as it was
    String backup = before.backupId();
    return Output.of(spec, global.output, root.context).show(new Deleted(image, after.status(), snapshots,
        backup, backup != null && deleteBackup && after.backupId() == null, after));
  }

  /** The image DELETED, what it kept and whether its backup went too, as the cloud has it now. */
  public record Deleted(String imageId, String status, List<String> snapshotsKept, String backupId, boolean backupDeleted,
      Image image) implements Output.Result {}
}
