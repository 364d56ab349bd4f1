package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.SearchAttributes;
import io.grpc.Status;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    PrintWriter out = spec.commandLine().getOut();
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
      return listImages(session, out);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (WorkflowExecutionMetadata m : executions) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("workflow_id", m.getExecution().getWorkflowId());
      row.put("status", Creations.statusName(m.getStatus()));
      row.put("image_id", m.getTypedSearchAttributes().get(SearchAttributes.IMAGE_ID));
      row.put("image_name", m.getTypedSearchAttributes().get(SearchAttributes.IMAGE_NAME));
      row.put("image_status", m.getTypedSearchAttributes().get(SearchAttributes.IMAGE_STATUS));
      row.put("ecs_id", m.getTypedSearchAttributes().get(SearchAttributes.ECS_ID));
      row.put("region", m.getTypedSearchAttributes().get(SearchAttributes.REGION));
      row.put("started", String.valueOf(m.getStartTime()));
      rows.add(row);
    }
    if (global.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("source", "temporal");
      doc.put(kind.name(), rows);
      out.println(Json.write(doc));
    } else {
      boolean creations = kind == Kind.creations;
      out.println(String.format(Locale.ROOT, "%-44s %-10s %-42s %-10s %-14s %s",
          "WORKFLOW ID", "STATUS", "IMAGE", creations ? "IMAGE ST." : "", creations ? "ECS" : "REGION", "STARTED"));
      for (Map<String, Object> r : rows) {
        out.println(String.format(Locale.ROOT, "%-44s %-10s %-42s %-10s %-14s %s",
            r.get("workflow_id"), r.get("status"), nz(r.get("image_id")), creations ? nz(r.get("image_status")) : "",
            nz(r.get(creations ? "ecs_id" : "region")), r.get("started")));
      }
    }
    out.flush();
    return ExitCodes.DONE;
  }

  private int listImages(Session session, PrintWriter out) {
    String note = "this Temporal server cannot list workflows (the in-process test server does not"
        + " implement ListWorkflowExecutions); showing the tenant's full-ECS images from the cloud instead";
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode image : session.cloud.images()) {
      if (!"FULL_ECS".equals(image.path("type").asText()) || !session.tenant.equals(image.path("tenant").asText())) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("image_id", image.path("id").asText());
      row.put("image_name", image.path("name").asText());
      row.put("image_status", image.path("status").asText());
      row.put("ecs_id", image.path("source_server_id").asText(null));
      row.put("created", image.path("created_at").asText(null));
      rows.add(row);
      if (rows.size() >= limit) {
        break;
      }
    }
    if (global.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("source", "cloud");
      doc.put("note", note);
      doc.put("images", rows);
      out.println(Json.write(doc));
    } else {
      spec.commandLine().getErr().println("note: " + note);
      spec.commandLine().getErr().flush();
      out.println(String.format(Locale.ROOT, "%-42s %-28s %-10s %-14s %s", "IMAGE", "NAME", "STATUS", "ECS", "CREATED"));
      for (Map<String, Object> r : rows) {
        out.println(String.format(Locale.ROOT, "%-42s %-28s %-10s %-14s %s", r.get("image_id"),
            r.get("image_name"), r.get("image_status"), nz(r.get("ecs_id")), nz(r.get("created"))));
      }
    }
    out.flush();
    return ExitCodes.DONE;
  }

  private static Object nz(Object o) {
    return o == null ? "-" : o;
  }
}
