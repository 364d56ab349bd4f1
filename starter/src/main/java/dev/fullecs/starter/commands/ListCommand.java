package dev.fullecs.starter.commands;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.fullecs.cloud.Image;
import dev.fullecs.contract.SearchAttributes;
import dev.fullecs.starter.FullEcsCli;
import dev.fullecs.starter.StarterException;
import dev.fullecs.starter.config.Converters;
import dev.fullecs.starter.config.GlobalOptions;
import dev.fullecs.starter.render.Output;
import dev.fullecs.starter.temporal.Creations;
import dev.fullecs.starter.temporal.RequestKind;
import io.grpc.Status;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    header = "List the tenant's creations, provisionings or replications.",
    description = "Reads Temporal's visibility: the TenantId search attribute, and with --status, --server and"
        + " --image the workflow's status and the EcsId, ImageId and ImageName search attributes. On a server"
        + " that cannot list workflows (the in-process test server) it shows the tenant's full-ECS images"
        + " from the cloud instead (--server and --image filter them), and says so.")
public final class ListCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", converter = Converters.LimitConverter.class,
      description = "At most this many. Default: ${DEFAULT-VALUE}.")
  int limit;

  /** What to list: each kind is one workflow type. */
  public enum Kind {
    creations("FullEcsImageWorkflow", RequestKind.CREATION),
    provisionings("ProvisionFromImageWorkflow", RequestKind.PROVISIONING),
    replications("ReplicateImageWorkflow", RequestKind.REPLICATION);

    final String workflowType;
    final RequestKind requestKind;

    Kind(String workflowType, RequestKind requestKind) {
      this.workflowType = workflowType;
      this.requestKind = requestKind;
    }
  }

  @Option(names = "--of", paramLabel = "KIND", defaultValue = "creations",
      description = "creations, provisionings or replications. Default: ${DEFAULT-VALUE}.")
  Kind kind;

  @Option(names = "--status", paramLabel = "STATUS", converter = Converters.StatusConverter.class,
      description = "Only workflows in this status: running, completed, failed, canceled, terminated or timed_out.")
  String status;

  @Option(names = "--server", paramLabel = "ECS_ID", converter = Converters.IdConverter.class,
      description = "Only creations of this ECS (the EcsId search attribute).")
  String server;

  @Option(names = "--image", paramLabel = "IMAGE", converter = Converters.IdConverter.class,
      description = "Only workflows of this image, by id or name (the ImageId and ImageName search attributes).")
  String image;

  /**
   * The visibility query: the kind's workflow type and the tenant, and each filter given. The values
   * are plain ids (their converters refuse quotes), so they can stand in quotes as they are.
   */
  public static String query(Kind kind, String tenant, String status, String server, String image) {
    StringBuilder q = new StringBuilder("WorkflowType = '" + kind.workflowType + "' AND "
        + SearchAttributes.TENANT_ID.getName() + " = '" + tenant.replace("'", "") + "'");
    if (status != null) {
      q.append(" AND ExecutionStatus = '").append(status).append("'");
    }
    if (server != null) {
      q.append(" AND ").append(SearchAttributes.ECS_ID.getName()).append(" = '").append(server).append("'");
    }
    if (image != null) {
      q.append(" AND (").append(SearchAttributes.IMAGE_ID.getName()).append(" = '").append(image).append("' OR ")
          .append(SearchAttributes.IMAGE_NAME.getName()).append(" = '").append(image).append("')");
    }
    return q.toString();
  }

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Output output = Output.of(spec, global.output, root.context);
    String query = query(kind, session.tenant, status, server, image);
    List<WorkflowExecutionMetadata> executions;
    try {
      executions = session.temporal().listExecutions(query).limit(limit).collect(Collectors.toList());
    } catch (RuntimeException e) {
      if (!Creations.isStatus(e, Status.Code.UNIMPLEMENTED)) {
        throw e;
      }
      if (kind != Kind.creations || status != null) {
        throw StarterException.failed("this Temporal server cannot list workflows (the in-process test server"
            + " does not implement ListWorkflowExecutions); list " + kind
            + (status != null ? " by --status" : "") + " on a real server");
      }
      return output.show(images(session));
    }
    List<Row> rows = new ArrayList<>();
    for (WorkflowExecutionMetadata m : executions) {
      rows.add(new Row(m.getExecution().getWorkflowId(), Creations.statusName(m.getStatus()),
          m.getTypedSearchAttributes().get(SearchAttributes.IMAGE_ID),
          m.getTypedSearchAttributes().get(SearchAttributes.IMAGE_NAME),
          m.getTypedSearchAttributes().get(SearchAttributes.IMAGE_STATUS),
          m.getTypedSearchAttributes().get(SearchAttributes.ECS_ID),
          m.getTypedSearchAttributes().get(SearchAttributes.REGION),
          String.valueOf(m.getStartTime())));
    }
    return output.show(new Listed("temporal", kind, rows));
  }

  /** The tenant's workflows of one kind, as Temporal's visibility lists them. */
  public record Listed(String source, @JsonIgnore Kind kind, @JsonIgnore List<Row> rows) implements Output.Result {
    /** The rows under the kind's name: {@code creations}, {@code provisionings} or {@code replications}. */
    @JsonAnyGetter
    public Map<String, Object> byKind() {
      return Map.of(kind.name(), rows);
    }
  }

  public record Row(String workflowId, String status, String imageId, String imageName, String imageStatus, String ecsId,
      String region, String started) {}

  /** The tenant's full-ECS images from the cloud, where Temporal cannot list workflows. */
  public record ListedImages(String source, String note, List<ImageRow> images) implements Output.Result {}

  public record ImageRow(String imageId, String imageName, String imageStatus, String ecsId, String created) {}

  private ListedImages images(Session session) {
    String note = "this Temporal server cannot list workflows (the in-process test server does not"
        + " implement ListWorkflowExecutions); showing the tenant's full-ECS images from the cloud instead";
    List<ImageRow> rows = new ArrayList<>();
    for (Image image : session.cloud.images()) {
      if (!"FULL_ECS".equals(image.type()) || !session.tenant.equals(image.tenant())
          || (server != null && !server.equals(image.sourceServerId()))
          || (this.image != null && !this.image.equals(image.id()) && !this.image.equals(image.name()))) {
        continue;
      }
      rows.add(new ImageRow(image.id(), image.name(), image.status(), image.sourceServerId(),
          image.createdAt() == null ? null : image.createdAt().toString()));
      if (rows.size() >= limit) {
        break;
      }
    }
    return new ListedImages("cloud", note, rows);
  }
}
