package dev.fullecs.starter.commands;

import dev.fullecs.cloud.Image;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * F20: a full-ECS image cannot be exported or published to the marketplace. The commands exist so
 * that a user who tries gets the cloud's reason (exit 2), not "unknown command".
 */
public final class RefusedImageOperations {
  private RefusedImageOperations() {}

  public abstract static class Base implements Callable<Integer> {
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
  public record Answered(String imageId, String operation, Image cloud) implements Output.Result {}

  @Command(name = "export", mixinStandardHelpOptions = true,
      header = "Export an image to object storage: refused for a full-ECS image (F20).",
      description = "The cloud refuses it for a full-ECS image; the command gives the cloud's reason (exit 2).")
  public static final class Export extends Base {
    @Override
    public String operation() {
      return "export";
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      header = "Publish an image to the marketplace: refused for a full-ECS image (F20).",
      description = "The cloud refuses it for a full-ECS image; the command gives the cloud's reason (exit 2).")
  public static final class Publish extends Base {
    @Override
    public String operation() {
      return "publish";
    }
  }
}
