package dev.fullecs.starter;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.SearchAttributes;
import io.grpc.Status;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the tenant's creations (or, with --of, its provisionings or replications).",
      "Reads Temporal's visibility (TenantId search attribute). On a server that cannot list",
      "workflows (the in-process test server) it shows the tenant's full-ECS images from the",
      "cloud instead, and says so."
    })
final class ListCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many. Default: ${DEFAULT-VALUE}.")
  int limit;

  /** What to list: each kind is one workflow type. */
  enum Kind {
    creations("FullEcsImageWorkflow"),
    provisionings("ProvisionFromImageWorkflow"),
    replications("ReplicateImageWorkflow");

    final String workflowType;

    Kind(String workflowType) {
      this.workflowType = workflowType;
    }
  }

  @Option(names = "--of", paramLabel = "KIND", defaultValue = "creations",
      description = "creations, provisionings or replications. Default: ${DEFAULT-VALUE}.")
  Kind kind;

  @Override
  public Integer call() {
    Session session = Session.open(root.context, global);
    Output output = Output.of(spec, global.output, root.context);
    String query = "WorkflowType = '" + kind.workflowType + "' AND "
        + SearchAttributes.TENANT_ID.getName() + " = '" + session.tenant.replace("'", "") + "'";
    List<WorkflowExecutionMetadata> executions;
    try {
      executions = session.temporal().listExecutions(query).limit(limit).collect(Collectors.toList());
    } catch (RuntimeException e) {
      if (!Creations.isStatus(e, Status.Code.UNIMPLEMENTED)) {
        throw e;
      }
      if (kind != Kind.creations) {
        throw StarterException.failed("this Temporal server cannot list workflows (the in-process test server"
            + " does not implement ListWorkflowExecutions); list " + kind + " on a real server");
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
  record Listed(String source, @JsonIgnore Kind kind, @JsonIgnore List<Row> rows) implements Output.Result {
    /** The rows under the kind's name: {@code creations}, {@code provisionings} or {@code replications}. */
    @JsonAnyGetter
    public Map<String, Object> byKind() {
      return Map.of(kind.name(), rows);
    }
  }

  record Row(String workflowId, String status, String imageId, String imageName, String imageStatus, String ecsId,
      String region, String started) {}

  /** The tenant's full-ECS images from the cloud, where Temporal cannot list workflows. */
  record ListedImages(String source, String note, List<ImageRow> images) implements Output.Result {}

  record ImageRow(String imageId, String imageName, String imageStatus, String ecsId, String created) {}

  private ListedImages images(Session session) {
    String note = "this Temporal server cannot list workflows (the in-process test server does not"
        + " implement ListWorkflowExecutions); showing the tenant's full-ECS images from the cloud instead";
    List<ImageRow> rows = new ArrayList<>();
    for (JsonNode image : session.cloud.images()) {
      if (!"FULL_ECS".equals(image.path("type").asText()) || !session.tenant.equals(image.path("tenant").asText())) {
        continue;
      }
      rows.add(new ImageRow(image.path("id").asText(), image.path("name").asText(), image.path("status").asText(),
          image.path("source_server_id").asText(null), image.path("created_at").asText(null)));
      if (rows.size() >= limit) {
        break;
      }
    }
    return new ListedImages("cloud", note, rows);
  }
}
