package dev.fullecs.starter;

import dev.fullecs.cloud.Image;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * F20: a full-ECS image cannot be exported or published to the marketplace. The commands exist so
 * that a user who tries gets the cloud's reason (exit 2), not "unknown command".
 */
final class RefusedImageOperations {
  private RefusedImageOperations() {}

  abstract static class Base implements Callable<Integer> {
    @ParentCommand FullEcsCli root;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(paramLabel = "IMAGE", description = "The image.")
    String image;

    abstract String operation();

    @Override
    public Integer call() {
      Session session = Session.open(root.context, global);
      ImageCommands.readImage(session, image);
      Image answer = session.cloud.refusedImageOperation(image, operation());
      return Output.of(spec, global.output, root.context).show(new Answered(image, operation(), answer));
    }
  }

  /** The cloud's answer (for a full-ECS image it refuses, so this is shown only if a cloud ever accepts). */
  record Answered(String imageId, String operation, Image cloud) implements Output.Result {}

  @Command(name = "export", mixinStandardHelpOptions = true,
      header = "Export an image to object storage: refused for a full-ECS image (F20).",
      description = "The cloud refuses it for a full-ECS image; the command gives the cloud's reason (exit 2).")
  static final class Export extends Base {
    @Override
    String operation() {
      return "export";
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      header = "Publish an image to the marketplace: refused for a full-ECS image (F20).",
      description = "The cloud refuses it for a full-ECS image; the command gives the cloud's reason (exit 2).")
  static final class Publish extends Base {
    @Override
    String operation() {
      return "publish";
    }
  }
}
