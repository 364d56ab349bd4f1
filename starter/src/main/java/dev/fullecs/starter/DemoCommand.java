package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.cloud.Clouds;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.emulator.EmulatorImageCloud;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.SearchAttributes;
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
      "Run the whole product in one JVM: create one image, then a clone from it.",
      "Starts an in-process Temporal server, the cloud emulator on a temporary database and the",
      "worker; creates a full-ECS image of ecs-web-01 into vault-backup as tenant-a with live",
      "progress, prints the end state as the cloud reports it, then provisions one clone of",
      "ecs-web-01 from the image in another AZ and checks that it has the source's disks."
    })
final class DemoCommand implements Callable<Integer> {
  static final String TENANT = "tenant-a";
  static final String TENANT_TOKEN = "tok-tenant-a";
  static final String SERVICE_TOKEN = "tok-image-service";
  static final String SERVER = "ecs-web-01";
  static final String VAULT = "vault-backup";
  static final String REGION = "cn-north-4";
  static final String REQUEST_ID = "demo";
  static final String CLONE_AZ = "cn-north-4b";

  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;

  @Option(names = "--time-scale", defaultValue = "0.2",
      description = "Emulated cloud speed: 1.0 is real-cloud pace, smaller is faster. Default: ${DEFAULT-VALUE}.")
  double timeScale;

  @Option(names = "--json", description = "Print one JSON document instead of text.")
  boolean json;

  @Option(names = "--cloud", defaultValue = "emulator", paramLabel = "CLOUD",
      description = "The emulator's own API (emulator) or Huawei's API through the official Huawei Cloud SDK"
          + " (huaweicloud), both served by the in-process emulator. Default: ${DEFAULT-VALUE}.")
  String cloud;

  /** The emulator inventory's AK/SK pairs (not secrets: the emulator's own, as in its README). */
  static final String AK_SERVICE = "EMUIMAGESVC000000001";
  static final String SK_SERVICE = "emulator-secret-key-of-image-svc-0000001";
  static final String AK_TENANT = "EMUTENANTA0000000001";
  static final String SK_TENANT = "emulator-secret-key-of-tenant-a-00000001";

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Clouds.Kind kind = Clouds.kind(Map.of(Clouds.VARIABLE, cloud));
    Path dir = Files.createTempDirectory("fullecs-demo-");
    if (!json) {
      out.println("demo: starting the cloud emulator, an in-process Temporal server and the worker ("
          + (kind == Clouds.Kind.HUAWEICLOUD ? "Huawei's API through the official SDK" : "the emulator's own API")
          + ")");
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
        Map<String, String> starterEnv = kind == Clouds.Kind.HUAWEICLOUD
            ? huaweiEnv(emulator.baseUrl(), AK_TENANT, SK_TENANT) : Map.of();
        ImageWorker.register(env.getWorkerFactory(), kind == Clouds.Kind.HUAWEICLOUD
            ? Clouds.huaweiCloud(huaweiEnv(emulator.baseUrl(), AK_SERVICE, SK_SERVICE),
                HttpCloudClient.WORKER_QUICK_RETRIES)
            : new EmulatorImageCloud(new HttpCloudClient(URI.create(emulator.baseUrl()), SERVICE_TOKEN)));
        env.start();
        return run(env, emulator.baseUrl(), starterEnv, out);
      } finally {
        env.close();
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  /** FULLECS_CLOUD=huaweicloud with one AK/SK of the emulator's inventory for tenant-a, at the emulator's URL. */
  static Map<String, String> huaweiEnv(String endpoint, String ak, String sk) {
    return Map.of(Clouds.VARIABLE, "huaweicloud", "HUAWEICLOUD_SDK_AK", ak, "HUAWEICLOUD_SDK_SK", sk,
        "HUAWEICLOUD_SDK_PROJECT_ID", TENANT, "FULLECS_HUAWEICLOUD_ENDPOINT", endpoint,
        "FULLECS_HUAWEICLOUD_REGION", REGION, "HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/nonexistent");
  }

  private int run(TestWorkflowEnvironment env, String cloudUrl, Map<String, String> starterEnv, PrintWriter out) {
    StarterContext context =
        StarterContext.of(starterEnv, env.getWorkflowClient(), root.context.terminal(), root.context.refresh());
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
    StarterCloud cloud = new StarterCloud(Clouds.tenantCloud(starterEnv, cloudUrl, TENANT, TENANT_TOKEN));
    EndState end = EndState.read(cloud, SERVER, REGION, imageIdOf(cloud));
    int events = env.getWorkflowClient().fetchHistory(workflowId).getHistory().getEventsCount();
    boolean imageOk = code == ExitCodes.DONE && end.ok();
    if (!json) {
      out.println();
      out.println("end state, as the cloud reports it:");
      end.print(out);
      out.println("  history:     " + events + " events in workflow " + workflowId);
    }
    Clone clone = imageOk ? provisionClone(context, cloud, cloudUrl, imageIdOf(cloud), out) : null;
    boolean ok = imageOk && clone != null && clone.ok();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("cloud", this.cloud);
      doc.put("creation", Reports.tryRead(() -> readJson(captured.toString())));
      doc.put("end_state", end);
      doc.put("history_events", events);
      doc.put("clone", clone);
      doc.put("ok", ok);
      out.println(Json.write(doc));
    } else {
      out.println(ok ? "demo: OK" : "demo: FAILED");
    }
    out.flush();
    return ok ? ExitCodes.DONE : (code != ExitCodes.DONE ? code : ExitCodes.FAILED);
  }

  /** The clone the demo provisioned: its id, AZ, state, and whether its disks are the source's. */
  record Clone(String serverId, String az, String state, List<String> disks, boolean sameDisksAsSource) {
    boolean ok() {
      return "RUNNING".equals(state) && sameDisksAsSource;
    }
  }

  /** F18: one clone of the demo server from the image, in another AZ of the region. */
  private Clone provisionClone(StarterContext context, StarterCloud cloud, String cloudUrl, String imageId,
      PrintWriter out) {
    CommandLine provision = FullEcsCli.commandLine(context);
    StringWriter captured = new StringWriter();
    provision.setOut(new PrintWriter(captured));
    provision.setErr(spec.commandLine().getErr());
    List<String> args = List.of("provision", imageId, "--tenant", TENANT, "--token", TENANT_TOKEN,
        "--cloud-url", cloudUrl, "--az", CLONE_AZ, "--name", SERVER + "-clone", "--request-id", REQUEST_ID,
        "--wait", "--json");
    if (!json) {
      out.println();
      out.println("demo: fullecs provision " + imageId + " --az " + CLONE_AZ + " --name " + SERVER
          + "-clone --request-id " + REQUEST_ID + " --wait");
      out.flush();
    }
    int code = provision.execute(args.toArray(new String[0]));
    JsonNode result = readJson(captured.toString());
    if (code != ExitCodes.DONE || result == null || result.path("servers").isEmpty()) {
      out.println("  clone:       provisioning ended with exit " + code);
      return null;
    }
    JsonNode server = cloud.server(result.path("servers").get(0).path("server_id").asText());
    List<String> disks = diskShapes(server);
    Clone clone = new Clone(server.path("id").asText(), server.path("az").asText(), server.path("state").asText(),
        disks, disks.equals(diskShapes(cloud.server(SERVER))));
    if (!json) {
      out.println("  clone:       " + clone.serverId() + " " + clone.state() + " in " + clone.az() + ", disks "
          + String.join(", ", disks) + (clone.sameDisksAsSource() ? " (as " + SERVER + ")" : " (NOT as " + SERVER + ")"));
    }
    return clone;
  }

  private static List<String> diskShapes(JsonNode server) {
    List<String> shapes = new ArrayList<>();
    server.path("disks").forEach(d -> shapes.add(d.path("role").asText() + " " + d.path("size_gib").asInt() + " GiB"));
    return shapes;
  }

  private static String imageIdOf(StarterCloud cloud) {
    for (JsonNode image : cloud.images()) {
      if (SERVER.equals(image.path("source_server_id").asText()) || "ecs-web-01-full".equals(image.path("name").asText())) {
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
