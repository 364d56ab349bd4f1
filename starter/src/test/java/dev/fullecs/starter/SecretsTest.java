package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.util.JsonFormat;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.worker.ImageWorker;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, secrets: after a successful and a failed creation, and refusals at the starter, no
 * token of the inventory and no Temporal API key appears in any log line (every logger at DEBUG),
 * in the process's stdout/stderr, in the starter's output, or in any workflow's history,
 * description, search attributes or memo (payloads decoded from base64 before the search).
 */
class SecretsTest {
  static final String API_KEY = "temporal-api-key-5ec4e7-value";
  static final List<String> SECRETS =
      List.of(Stack.TOKEN, "tok-tenant-b", Stack.SERVICE_TOKEN, Stack.ADMIN_TOKEN, API_KEY);

  @TempDir Path dir;

  @Test
  void noTokenOrApiKeyInLogsHistoriesDescriptionsOrOutput() throws Exception {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    Map<String, Level> levels = new LinkedHashMap<>();
    for (String name : List.of("io.temporal", "io.grpc", "dev.fullecs")) {
      levels.put(name, logging.getLogger(name).getLevel());
      logging.getLogger(name).setLevel(Level.DEBUG);
    }
    root.setLevel(Level.DEBUG);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.setContext(logging);
    logs.start();
    root.addAppender(logs);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(tee(out, console), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(err, console), true, StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    Stack stack = Stack.startWithoutWorker(dir, 0.05);
    WorkflowServiceStubs workerStubs = null;
    WorkerFactory factory = null;
    try {
      // The worker as WorkerMain builds it, its connection carrying a Temporal API key.
      workerStubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
          .setTarget(stack.target).addApiKey(() -> API_KEY).setEnableHttps(false).build());
      factory = WorkerFactory.newInstance(WorkflowClient.newInstance(workerStubs), ImageWorker.factoryOptions());
      ImageWorker.register(factory, new HttpCloudClient(URI.create(stack.emulator.baseUrl()), Stack.SERVICE_TOKEN));
      factory.start();

      Stack.Run ok = stack.create("secret-1", "web-secret", "--wait", "--json", "--description",
          "quarterly golden image", "--tag", "env=prod");
      assertThat(ok.exitCode()).as(ok.toString()).isZero();
      seen.append(ok).append('\n');
      for (String token : List.of("tok-tenant-b", Stack.SERVICE_TOKEN, Stack.ADMIN_TOKEN, "tok-nope")) {
        Stack.Run refused = stack.starter("create", "--tenant", Stack.TENANT, "--token", token, "--cloud-url",
            stack.emulator.baseUrl(), "--region", Stack.REGION, "--server", Stack.SERVER, "--vault",
            Stack.VAULT, "--name", "web-x", "--accept-disclaimer");
        assertThat(refused.exitCode()).isEqualTo(2);
        seen.append(refused).append('\n');
      }
      Stack.Run invalid = stack.create("secret-2", "web-invalid", "--server", "bms-01");
      assertThat(invalid.exitCode()).isEqualTo(2);
      seen.append(invalid).append('\n');
      // A creation that fails inside the workflow (validation there, bypassing the starter).
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("region", Stack.REGION);
      input.put("tenant", Stack.TENANT);
      input.put("serverId", "ecs-db-running");
      input.put("vaultId", Stack.VAULT);
      input.put("imageName", "web-failed");
      input.put("agreementAccepted", true);
      input.put("clientRequestId", "secret-3");
      WorkflowStub failed = stack.client().newUntypedWorkflowStub("FullEcsImageWorkflow",
          WorkflowOptions.newBuilder().setTaskQueue(ImageWorkflows.TASK_QUEUE)
              .setWorkflowId(ImageWorkflows.workflowId(Stack.TENANT, "secret-3")).build());
      failed.start(input);
      try {
        failed.getResult(60, TimeUnit.SECONDS, Object.class);
      } catch (WorkflowFailedException e) {
        seen.append(e).append('\n').append(e.getCause()).append('\n');
      }
      Stack.Run list = stack.user("list", "--json");
      Stack.Run show = stack.user("show", "secret-1", "--json");
      seen.append(list).append(show);

      for (String requestId : List.of("secret-1", "secret-3")) {
        String workflowId = ImageWorkflows.workflowId(Stack.TENANT, requestId);
        String history = stack.client().fetchHistory(workflowId).toJson(true);
        seen.append(withPayloadsDecoded(history));
        String describe = JsonFormat.printer().print(stack.client().getWorkflowServiceStubs().blockingStub()
            .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(stack.client().getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build()));
        assertThat(describe).contains("searchAttributes");
        seen.append(withPayloadsDecoded(describe));
        assertThat(history).as("the history was fetched").contains("workflowExecutionStarted");
      }
    } finally {
      if (factory != null) {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
        workerStubs.shutdownNow();
      }
      stack.close();
      System.setOut(out);
      System.setErr(err);
      root.detachAppender(logs);
      root.setLevel(rootLevel);
      levels.forEach((name, level) -> logging.getLogger(name).setLevel(level));
    }
    StringBuilder logText = new StringBuilder();
    for (ILoggingEvent e : logs.list) {
      logText.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        logText.append(e.getThrowableProxy().getMessage()).append('\n');
      }
    }
    assertThat(logs.list).as("log events captured").hasSizeGreaterThan(50);
    assertThat(seen.toString()).contains("web-secret").contains("quarterly golden image")
        .contains("ECS_DATABASE_RUNNING");
    String all = logText + "\n" + console.toString(StandardCharsets.UTF_8) + "\n" + seen;
    for (String secret : SECRETS) {
      assertThat(all).as("where %s could appear", secret).doesNotContain(secret);
    }
  }

  /** The text plus every base64 payload {@code data} in it, decoded. */
  static String withPayloadsDecoded(String json) {
    StringBuilder b = new StringBuilder(json);
    Matcher m = Pattern.compile("\"data\": ?\"([A-Za-z0-9+/=]+)\"").matcher(json);
    while (m.find()) {
      b.append('\n').append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  private static OutputStream tee(PrintStream a, OutputStream b) {
    return new OutputStream() {
      @Override
      public void write(int c) throws java.io.IOException {
        a.write(c);
        b.write(c);
      }

      @Override
      public void write(byte[] buf, int off, int len) throws java.io.IOException {
        a.write(buf, off, len);
        b.write(buf, off, len);
      }
    };
  }
}
