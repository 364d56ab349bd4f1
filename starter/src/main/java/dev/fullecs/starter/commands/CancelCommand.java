package dev.fullecs.starter.commands;

import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.starter.ExitCodes;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.Converters;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.Creations;
import dev.fullecs.starter.temporal.ImageUses;
import dev.fullecs.starter.temporal.Outcome;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import java.util.ArrayList;
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
    name = "cancel",
    mixinStandardHelpOptions = true,
    header = "Cancel a running creation or provisioning, and say what was kept or deleted.",
    description = "F11: the image is deleted, the ECS unlocked, and every snapshot and the CBR backup are"
        + " kept. A cancelled provisioning deletes the servers it created (F18). Waits for the cleanup."
        + " Exit 0 when it ended cancelled, 2 when it had already ended otherwise.")
public final class CancelCommand implements Callable<Integer> {
  /** How provisioning ids began before issue 12 ({@code provision-<tenant>-<request id>}). */
  private static final String LEGACY_PROVISION_PREFIX = "provision-";

  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Workflow id or request id of the creation.")
  String id;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
      converter = Converters.DurationConverter.class,
      description = "How long to wait for the cleanup. Default: ${DEFAULT-VALUE}.")
  Converters.DurationArg timeout;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    if (id.startsWith(ImageWorkflows.PROVISION_ID_PREFIX) || id.startsWith(LEGACY_PROVISION_PREFIX)) {
      return cancelProvisioning(session);
    }
    Creations creations = new Creations(session.temporal(), session.tenant);
    Creations.Found found = creations.named(id)
        .orElseThrow(() -> StarterException.refused("there is no creation " + creations.idFor(id)));
    String workflowId = found.workflowId();
    WorkflowExecutionDescription d = found.description();
    if (d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      session.temporal().newUntypedWorkflowStub(workflowId).cancel("cancelled with the starter");
    } else if (d.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED) {
      throw StarterException.refused("creation " + workflowId + " already ended "
          + Creations.statusName(d.getStatus()) + "; there is nothing to cancel"
          + (d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
              ? " (delete the image through the image API if you do not want it)" : ""));
    }
    Outcome outcome = creations.awaitOutcome(workflowId, d.getExecution().getRunId(),
        timeout.value().toSeconds());
    String serverId = d.getTypedSearchAttributes().get(dev.fullecs.contract.SearchAttributes.ECS_ID);
    int exitCode = "CANCELED".equals(outcome.status()) ? ExitCodes.DONE
        : outcome.exitCode() == ExitCodes.DONE ? ExitCodes.REFUSED : outcome.exitCode();
    return Output.of(spec, global.output, root.context).show(CreationReport.of(session, outcome, serverId), exitCode);
  }

  /** F18: a cancelled provisioning deletes the servers it created; waits for that cleanup. */
  private int cancelProvisioning(Session session) {
    String owner = ImageWorkflows.tenantOf(ImageWorkflows.PROVISION_ID_PREFIX, id);
    if (owner == null ? !id.startsWith(LEGACY_PROVISION_PREFIX + session.tenant + "-") : !owner.equals(session.tenant)) {
      throw StarterException.refused("provisioning " + id + " does not belong to tenant " + session.tenant);
    }
    Creations creations = new Creations(session.temporal(), session.tenant);
    WorkflowExecutionDescription d = creations.describe(id)
        .orElseThrow(() -> StarterException.refused("there is no provisioning " + id));
    if (d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      session.temporal().newUntypedWorkflowStub(id).cancel("cancelled with the starter");
    } else if (d.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED) {
      throw StarterException.refused("provisioning " + id + " already ended " + Creations.statusName(d.getStatus())
          + "; there is nothing to cancel");
    }
    ImageUses uses = new ImageUses(session.temporal(), session.tenant);
    ImageUses.Ending end = uses.await(id, d.getExecution().getRunId(), Object.class,
            java.time.Instant.now().plus(timeout.value()), java.time.Duration.ofSeconds(5), () -> true)
        .orElseThrow(() -> StarterException.failed("provisioning " + id + " did not finish its cleanup within " + timeout));
    List<String> deleted = new ArrayList<>();
    uses.provisionProgress(id).ifPresent(ps -> ps.stream()
        .filter(p -> "DELETED".equals(p.state()) && p.serverId() != null).forEach(p -> deleted.add(p.serverId())));
    return Output.of(spec, global.output, root.context).show(new ProvisioningCancelled(id, end.status(), deleted),
        "CANCELED".equals(end.status()) ? ExitCodes.DONE : ExitCodes.REFUSED);
  }

  /** A provisioning after its cancel: the servers it had created are deleted. */
  public record ProvisioningCancelled(String workflowId, String status, List<String> serversDeleted) {}
}
