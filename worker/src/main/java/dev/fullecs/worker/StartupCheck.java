package dev.fullecs.worker;

import dev.fullecs.contract.SearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the workflow needs from the Temporal server before the worker polls: the namespace exists
 * and is reachable, and every search attribute the workflow upserts is registered as Keyword (an
 * unregistered one fails every workflow task). Reports a missing piece as one sentence.
 */
public final class StartupCheck {
  private static final long DEADLINE_SECONDS = 10;

  private StartupCheck() {}

  /** Empty when everything is there, else one sentence saying what is missing and how to fix it. */
  public static Optional<String> problem(WorkflowClient client, String target) {
    WorkflowServiceStubs service = client.getWorkflowServiceStubs();
    String namespace = client.getOptions().getNamespace();
    try {
      service
          .blockingStub()
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
    } catch (StatusRuntimeException e) {
      return Optional.of(namespaceProblem(e.getStatus(), namespace, target));
    }
    List<String> missing = missingSearchAttributes(client, namespace);
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    String creates =
        missing.stream()
            .map(name -> "--name " + name.split(" ")[0] + " --type Keyword")
            .collect(Collectors.joining(" "));
    return Optional.of(
        "search attribute"
            + (missing.size() == 1 ? " " : "s ")
            + String.join(", ", missing)
            + (missing.size() == 1 ? " is" : " are")
            + " not registered as Keyword in namespace "
            + namespace
            + " on "
            + target
            + ": register "
            + (missing.size() == 1 ? "it" : "them")
            + " with `temporal operator search-attribute create --namespace "
            + namespace
            + " "
            + creates
            + "` (or start the dev server with --search-attribute NAME=Keyword).");
  }

  private static String namespaceProblem(Status status, String namespace, String target) {
    switch (status.getCode()) {
      case NOT_FOUND:
        return "namespace " + namespace + " does not exist on the Temporal server at " + target
            + ": create it with `temporal operator namespace create " + namespace + "`.";
      case UNAUTHENTICATED:
      case PERMISSION_DENIED:
        return "the Temporal server at " + target + " refused access to namespace " + namespace
            + " (" + status.getCode() + "): check TEMPORAL_API_KEY, the TLS settings or the profile.";
      default:
        return "cannot reach the Temporal server at " + target + " (" + status.getCode()
            + (status.getDescription() == null ? "" : ": " + status.getDescription())
            + "): start it or set TEMPORAL_ADDRESS.";
    }
  }

  /** Names of missing attributes, each possibly followed by a note such as "(registered as Text)". */
  static List<String> missingSearchAttributes(WorkflowClient client, String namespace) {
    WorkflowServiceStubs service = client.getWorkflowServiceStubs();
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(service.getOptions())
                .validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> registered =
          operator
              .blockingStub()
              .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap();
      List<String> missing = new ArrayList<>();
      for (SearchAttributeKey<String> key : SearchAttributes.ALL) {
        IndexedValueType type = registered.get(key.getName());
        if (type == null) {
          missing.add(key.getName());
        } else if (type != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
          missing.add(key.getName() + " (registered as " + type.name().replace("INDEXED_VALUE_TYPE_", "") + ")");
        }
      }
      return missing;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return probeByStarting(client);
      }
      throw e;
    } finally {
      operator.shutdownNow();
    }
  }

  /**
   * For servers without the operator API's ListSearchAttributes (the SDK's in-process test
   * server): starts, then terminates, a throwaway execution per attribute that nothing polls; the
   * server refuses the start when the attribute is not registered.
   */
  private static List<String> probeByStarting(WorkflowClient client) {
    List<String> missing = new ArrayList<>();
    for (SearchAttributeKey<String> key : SearchAttributes.ALL) {
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .setTaskQueue("fullecs-startup-check")
              .setWorkflowId("fullecs-startup-check-" + UUID.randomUUID())
              .setTypedSearchAttributes(
                  io.temporal.common.SearchAttributes.newBuilder().set(key, "probe").build())
              .build();
      WorkflowStub probe = client.newUntypedWorkflowStub("FullEcsStartupCheck", options);
      try {
        probe.start();
        probe.terminate("start-up check of the full-ECS image worker");
      } catch (WorkflowServiceException e) {
        if (e.getCause() instanceof StatusRuntimeException
            && ((StatusRuntimeException) e.getCause()).getStatus().getCode()
                == Status.Code.INVALID_ARGUMENT) {
          missing.add(key.getName());
        } else {
          throw e;
        }
      }
    }
    return missing;
  }
}
