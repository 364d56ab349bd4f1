package dev.fullecs.starter.commands;

import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.Converters;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.Creations;
import dev.fullecs.starter.temporal.Follower;
import dev.fullecs.starter.temporal.ImageUses;
import dev.fullecs.starter.temporal.Outcome;
import dev.fullecs.starter.temporal.RequestKind;
import dev.fullecs.workflows.provision.ProvisionRequest;
import dev.fullecs.workflows.provision.ProvisionResult;
import dev.fullecs.workflows.provision.ServerProgress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    header = "Follow a creation, provisioning or replication until it ends.",
    description = "A creation shows the step, image status and AZs, per-disk snapshot and backup percent, and"
        + " the maintenance window's time left; a provisioning each server whose state changes; a replication"
        + " its replica once the cloud accepted it. Ends with what `create --wait`, `provision --wait` or"
        + " `replicate --wait` show, and exits like the workflow ended (0, 2, 3, 4 or 1).")
public final class WatchCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Workflow id, or request id (of a creation, or as --of says).")
  String id;

  @Option(names = "--of", paramLabel = "KIND", defaultValue = "creations",
      description = "What a request id is of: creations, provisionings or replications. Default: ${DEFAULT-VALUE}.")
  ListCommand.Kind of;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "8d",
      converter = Converters.DurationConverter.class,
      description = "Give up following after this long. Default: ${DEFAULT-VALUE}.")
  Converters.DurationArg timeout;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Output output = Output.of(spec, global.output, root.context);
    RequestKind kind = ImageUses.kindOf(id).orElse(of.requestKind);
    if (kind != RequestKind.CREATION) {
      return watchUse(session, output, kind);
    }
    Creations creations = new Creations(session.temporal(), session.tenant);
    String workflowId = creations.named(id).map(Creations.Found::workflowId)
        .orElseThrow(() -> StarterException.refused("there is no creation " + creations.idFor(id)));
    Outcome outcome = Follower.follow(session, creations, workflowId, output.creationProgress(), timeout.value());
    return output.show(CreationReport.of(session, outcome, null));
  }

  /** A provisioning (F18) or replication (F20) followed to its end, shown as its own command shows it. */
  private int watchUse(Session session, Output output, RequestKind kind) {
    ImageUses uses = new ImageUses(session.temporal(), session.tenant);
    Creations.Found found = uses.named(kind, id).orElseThrow(() -> StarterException.refused(
        "there is no " + kind.noun + " " + id + " for tenant " + session.tenant));
    String workflowId = found.workflowId();
    String runId = found.description().getExecution().getRunId();
    Instant until = Instant.now().plus(timeout.value());
    Optional<ImageUses.Ending> end;
    if (kind == RequestKind.PROVISIONING) {
      ProvisionRequest r = uses.provisionRequest(workflowId, runId);
      Consumer<List<ServerProgress>> show = output.provisionProgress();
      end = uses.await(workflowId, runId, ProvisionResult.class, until, root.context.refresh(), () -> {
        uses.provisionProgress(workflowId).ifPresent(show);
        return true;
      });
      if (end.isPresent()) {
        return output.show(ProvisionCommand.report(session, end.get(), r == null ? null : r.imageId(),
            r == null ? null : r.az()));
      }
    } else {
      List<String> r = uses.replicationRequest(workflowId, runId);
      boolean[] announced = {false};
      end = uses.await(workflowId, runId, String.class, until, root.context.refresh(), () -> {
        Optional<String> replica = uses.replicaId(workflowId);
        if (replica.isPresent() && !announced[0]) {
          output.progress("  the cloud accepted it: replica " + replica.get() + " is being copied to " + r.get(2));
          announced[0] = true;
        }
        return true;
      });
      if (end.isPresent()) {
        String prefix = dev.fullecs.contract.ImageWorkflows.REPLICATE_ID_PREFIX + session.tenant + ":";
        String requestId = workflowId.startsWith(prefix) ? workflowId.substring(prefix.length()) : null;
        return output.show(ReplicateCommand.ended(session, end.get(), requestId, r.get(1), r.get(2)));
      }
    }
    throw StarterException.failed(kind.noun + " " + workflowId + " is still running after " + timeout
        + "; follow it with `watch " + workflowId + "`");
  }
}
