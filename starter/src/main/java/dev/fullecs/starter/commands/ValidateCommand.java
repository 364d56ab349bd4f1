package dev.fullecs.starter.commands;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.Violation;
import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.config.RequestOptions;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.RequestIds;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    header = "Dry run: list every rule a request breaks, with remedies.",
    description = "The same rules (F2) and codes as the creation itself. Changes nothing. Exit 0 when"
        + " valid, 2 when not.")
public final class ValidateCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin RequestOptions request;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    CreateImageRequest r = request.toRequest(session.tenant, request.requestId);
    String creationId = request.requestId == null
        ? null : ImageWorkflows.workflowId(session.tenant, RequestIds.check(request.requestId));
    List<Violation> violations = Validation.violations(session, r, creationId);
    return Output.of(spec, global.output, root.context).show(new Validated(violations.isEmpty(), violations,
        r.imageName(), r.fromBackup() ? "backup " + r.sourceBackupId() : "ECS " + r.serverId()));
  }

  /** Whether the request is valid, and every rule it breaks; {@code source} names what the image would be made of. */
  public record Validated(boolean valid, List<Violation> violations, @JsonIgnore String imageName, @JsonIgnore String source)
      implements Output.Result {
    @Override
    public int exitCode() {
      return valid ? ExitCodes.DONE : ExitCodes.REFUSED;
    }
  }
}
