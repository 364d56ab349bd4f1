package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.workflows.ImageWorkflows;
import dev.fullecs.workflows.SearchAttributes;
import dev.fullecs.worker.ImageWorker;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole product in one JVM and create one image.",
      "Starts an in-process Temporal server, the cloud emulator on a temporary database and the",
      "worker; creates a full-ECS image of ecs-web-01 into vault-backup as tenant-a with live",
      "progress, then prints the end state as the cloud reports it."
    })
final class DemoCommand implements Callable<Integer> {
  static final String TENANT = "tenant-a";
  static final String TENANT_TOKEN = "tok-tenant-a";
  static final String SERVICE_TOKEN = "tok-image-service";
  static final String SERVER = "ecs-web-01";
  static final String VAULT = "vault-backup";
  static final String REGION = "cn-north-4";
  static final String REQUEST_ID = "demo";

  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;

  @Option(names = "--time-scale", defaultValue = "0.2",
      description = "Emulated cloud speed: 1.0 is real-cloud pace, smaller is faster. Default: ${DEFAULT-VALUE}.")
  double timeScale;

  @Option(names = "--json", description = "Print one JSON document instead of text.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("fullecs-demo-");
    if (!json) {
      out.println("demo: starting the cloud emulator, an in-process Temporal server and the worker");
      out.flush();
    }
    try (CloudEmulator emulator =
        CloudEmulator.start(
            EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0).timeScale(timeScale))) {
      TestWorkflowEnvironment env =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder()
                  .setUseTimeskipping(false)
                  .setWorkerFactoryOptions(ImageWorker.factoryOptions())
                  .setWorkflowClientOptions(io.temporal.client.WorkflowClientOptions.newBuilder()
                      .setDataConverter(dev.fullecs.worker.PayloadEncryption.dataConverter(System.getenv()))
                      .build())
                  .build());
      try {
        for (SearchAttributeKey<String> key : SearchAttributes.ALL) {
          env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        ImageWorker.register(env.getWorkerFactory(), new HttpCloudClient(URI.create(emulator.baseUrl()), SERVICE_TOKEN));
        env.start();
        return run(env, emulator.baseUrl(), out);
      } finally {
        env.close();
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  private int run(TestWorkflowEnvironment env, String cloudUrl, PrintWriter out) {
    StarterContext context =
        StarterContext.of(Map.of(), env.getWorkflowClient(), root.context.terminal(), root.context.refresh());
    CommandLine create = FullEcsCli.commandLine(context);
    StringWriter captured = new StringWriter();
    create.setOut(json ? new PrintWriter(captured) : out);
    create.setErr(spec.commandLine().getErr());
    List<String> args = new ArrayList<>(List.of(
        "create", "--tenant", TENANT, "--token", TENANT_TOKEN, "--cloud-url", cloudUrl,
        "--region", REGION, "--server", SERVER, "--vault", VAULT, "--name", "ecs-web-01-full",
        "--description", "full-ECS image made by the demo", "--accept-disclaimer",
        "--maintenance-window", "2h", "--request-id", REQUEST_ID, "--wait"));
    if (json) {
      args.add("--json");
    }
    if (!json) {
      List<String> shown = new ArrayList<>(args);
      shown.set(shown.indexOf(TENANT_TOKEN), "***");
      shown.replaceAll(a -> a.contains(" ") ? "'" + a + "'" : a);
      out.println("demo: fullecs " + String.join(" ", shown));
      out.flush();
    }
    int code = create.execute(args.toArray(new String[0]));

    String workflowId = ImageWorkflows.workflowId(TENANT, REQUEST_ID);
    TenantCloud cloud = new TenantCloud(cloudUrl, TENANT, TENANT_TOKEN);
    EndState end = EndState.read(cloud, SERVER, REGION, imageIdOf(cloud));
    int events = env.getWorkflowClient().fetchHistory(workflowId).getHistory().getEventsCount();
    boolean ok = code == ExitCodes.DONE && end.ok();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("creation", Reports.tryRead(() -> readJson(captured.toString())));
      doc.put("end_state", end);
      doc.put("history_events", events);
      doc.put("ok", ok);
      out.println(Json.write(doc));
    } else {
      out.println();
      out.println("end state, as the cloud reports it:");
      end.print(out);
      out.println("  history:     " + events + " events in workflow " + workflowId);
      out.println(ok ? "demo: OK" : "demo: FAILED");
    }
    out.flush();
    return ok ? ExitCodes.DONE : (code != ExitCodes.DONE ? code : ExitCodes.FAILED);
  }

  private static String imageIdOf(TenantCloud cloud) {
    for (JsonNode image : cloud.images()) {
      if (SERVER.equals(image.path("source_server_id").asText())) {
        return image.path("id").asText();
      }
    }
    return null;
  }

  private static JsonNode readJson(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS cleans it up eventually
    }
  }
}
