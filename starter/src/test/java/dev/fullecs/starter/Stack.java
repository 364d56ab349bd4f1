package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.contract.SearchAttributes;
import dev.fullecs.worker.ImageWorker;
import io.temporal.api.enums.v1.IndexedValueType;
import dev.fullecs.worker.PayloadEncryption;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;

/**
 * Everything in one JVM, as the demo runs it: the cloud emulator on a temporary database, the
 * Temporal test server (real time, on a loopback port) with the search attributes registered, and a worker
 * registered through {@link ImageWorker#register}. Starter commands run through picocli with their
 * output captured.
 */
final class Stack implements AutoCloseable {
  static final String TENANT = "tenant-a";
  static final String TOKEN = "tok-tenant-a";
  static final String SERVICE_TOKEN = "tok-image-service";
  static final String ADMIN_TOKEN = "tok-admin";
  static final String SERVER = "ecs-web-01";
  static final String VAULT = "vault-backup";
  static final String REGION = "cn-north-4";

  final CloudEmulator emulator;
  final TestServer.PortBoundTestServer server;
  final String target;
  final TestWorkflowEnvironment env;
  final StarterCloud cloud;
  private WorkerFactory workerFactory;
  private DataConverter dataConverter = PayloadEncryption.dataConverter(Map.of());
  private WorkflowServiceStubs workerStubs;

  private Stack(
      CloudEmulator emulator, TestServer.PortBoundTestServer server, String target, TestWorkflowEnvironment env) {
    this.emulator = emulator;
    this.server = server;
    this.target = target;
    this.env = env;
    this.cloud = new StarterCloud(emulator.baseUrl(), TENANT, TOKEN);
  }

  /** Emulator at {@code timeScale}, test server, and a worker polling. */
  static Stack start(Path dir, double timeScale) {
    Stack stack = startWithoutWorker(dir, timeScale);
    stack.startWorker();
    return stack;
  }

  /**
   * Worker options for a test that replaces the worker: no sticky queue, so that no workflow task
   * is routed to the stopped worker's sticky queue. A real server moves such a task back to the
   * task queue after the sticky schedule-to-start timeout; the test server never does (its
   * ShutdownWorker is a no-op), and the creation would wait there for ever.
   */
  static WorkerOptions withoutStickyQueue() {
    return WorkerOptions.newBuilder(ImageWorker.workerOptions())
        .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
        .build();
  }

  static Stack startWithoutWorker(Path dir, double timeScale) {
    return startWithoutWorker(dir, timeScale, null);
  }

  /** As {@link #start(Path, double)}, the emulator loading {@code inventory} (null: the default). */
  static Stack start(Path dir, double timeScale, Path inventory) {
    Stack stack = startWithoutWorker(dir, timeScale, inventory);
    stack.startWorker();
    return stack;
  }

  static Stack startWithoutWorker(Path dir, double timeScale, Path inventory) {
    return startWithoutWorker(dir, timeScale, inventory, Map.of());
  }

  /** As above, the client and the worker taking their data converter from {@code env} (payload encryption). */
  static Stack startWithoutWorker(Path dir, double timeScale, Path inventory, Map<String, String> env) {
    EmulatorOptions options = emulatorOptions(dir, timeScale);
    return startWithoutWorker(inventory == null ? options : options.inventory(inventory), env);
  }

  /** As {@link #start(Path, double)}, the emulator timing its tasks with {@code clock}. */
  static Stack start(Path dir, double timeScale, Clock clock) {
    Stack stack = startWithoutWorker(emulatorOptions(dir, timeScale).clock(clock), Map.of());
    stack.startWorker();
    return stack;
  }

  private static EmulatorOptions emulatorOptions(Path dir, double timeScale) {
    return EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0).timeScale(timeScale);
  }

  private static Stack startWithoutWorker(EmulatorOptions options, Map<String, String> env) {
    CloudEmulator emulator = CloudEmulator.start(options);
    int port = freePort();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
    String target = "127.0.0.1:" + port;
    TestWorkflowEnvironment testEnv =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseExternalService(true)
                .setTarget(target)
                .setUseTimeskipping(false)
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                    .setDataConverter(PayloadEncryption.dataConverter(env)).build())
                .build());
    for (SearchAttributeKey<String> key : SearchAttributes.ALL) {
      testEnv.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Stack stack = new Stack(emulator, server, target, testEnv);
    stack.dataConverter = PayloadEncryption.dataConverter(env);
    return stack;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A worker with its own connection to the test server (as a worker process has), so that
   * stopping it closes its connection and ends its pending polls.
   */
  void startWorker() {
    startWorker(ImageWorker.workerOptions());
  }

  void startWorker(WorkerOptions options) {
    workerStubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    workerFactory =
        WorkerFactory.newInstance(
            WorkflowClient.newInstance(workerStubs,
                WorkflowClientOptions.newBuilder().setDataConverter(dataConverter).build()),
            ImageWorker.factoryOptions());
    ImageWorker.register(
        workerFactory, new HttpCloudClient(URI.create(emulator.baseUrl()), SERVICE_TOKEN), options);
    workerFactory.start();
  }

  /** Shuts the worker down as SIGTERM would (graceful, waiting for it to stop). */
  void stopWorker() {
    workerFactory.shutdown();
    workerFactory.awaitTermination(30, TimeUnit.SECONDS);
    workerFactory = null;
    workerStubs.shutdownNow();
    workerStubs.awaitTermination(10, TimeUnit.SECONDS);
    workerStubs = null;
  }

  WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /**
   * A client of the same server whose first start of a workflow runs {@code beforeStart} first: a
   * seam that puts something (another starter, a lock) exactly between a starter's checks and its
   * start, so that a race is played the same way every time.
   */
  WorkflowClient clientRunningBeforeFirstStart(Runnable beforeStart) {
    AtomicBoolean ran = new AtomicBoolean();
    WorkflowClientInterceptor interceptor = new WorkflowClientInterceptorBase() {
      @Override
      public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(WorkflowClientCallsInterceptor next) {
        return new WorkflowClientCallsInterceptorBase(next) {
          @Override
          public WorkflowStartOutput start(WorkflowStartInput input) {
            if (ran.compareAndSet(false, true)) {
              // on a thread of its own: the SDK refuses a start nested in another on one thread
              CompletableFuture.runAsync(beforeStart).join();
            }
            return super.start(input);
          }
        };
      }
    };
    return WorkflowClient.newInstance(env.getWorkflowServiceStubs(),
        WorkflowClientOptions.newBuilder(client().getOptions()).setInterceptors(interceptor).build());
  }

  /** Runs a starter command line; tenant, token and cloud URL are added unless {@code raw}. */
  Run starter(String... args) {
    return starter(client(), args);
  }

  /** {@link #starter(String...)} with another Temporal client. */
  Run starter(WorkflowClient client, String... args) {
    StarterContext context = StarterContext.of(Map.of(), client, false, Duration.ofMillis(100));
    var cmd = FullEcsCli.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code starter} with this tenant's identity and the emulator's URL. */
  Run user(String command, String... args) {
    return as(TENANT, TOKEN, command, args);
  }

  /** {@code starter} as another tenant, with the emulator's URL. */
  Run as(String tenant, String token, String command, String... args) {
    return as(client(), tenant, token, command, args);
  }

  /** {@code retained SUB} as this tenant (the identity options go after the subcommand). */
  Run retained(String sub, String... args) {
    List<String> all = new ArrayList<>(List.of("retained", sub, "--tenant", TENANT, "--token", TOKEN,
        "--cloud-url", emulator.baseUrl()));
    all.addAll(List.of(args));
    return starter(all.toArray(String[]::new));
  }

  /** {@link #user} with another Temporal client. */
  Run user(WorkflowClient client, String command, String... args) {
    return as(client, TENANT, TOKEN, command, args);
  }

  private Run as(WorkflowClient client, String tenant, String token, String command, String... args) {
    String[] all = new String[args.length + 7];
    all[0] = command;
    all[1] = "--tenant";
    all[2] = tenant;
    all[3] = "--token";
    all[4] = token;
    all[5] = "--cloud-url";
    all[6] = emulator.baseUrl();
    System.arraycopy(args, 0, all, 7, args.length);
    return starter(client, all);
  }

  /** {@code create} of the demo server with a valid request plus {@code extra}. */
  Run create(String requestId, String name, String... extra) {
    return create(client(), requestId, name, extra);
  }

  /** {@link #create(String, String, String...)} with another Temporal client. */
  Run create(WorkflowClient client, String requestId, String name, String... extra) {
    String[] base = {
      "--region", REGION, "--server", SERVER, "--vault", VAULT, "--name", name,
      "--accept-disclaimer", "--request-id", requestId
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return user(client, "create", all);
  }

  /** The emulator's faults ({@code PUT /admin/faults}), e.g. {@code {"operations":{}}} for none. */
  void setFaults(String json) {
    EmulatorAdminApi.call(emulator.baseUrl(), ADMIN_TOKEN, "PUT", "/admin/faults", json);
  }

  /** The whole cloud state, for before/after comparisons. */
  JsonNode adminState() {
    return EmulatorAdminApi.call(emulator.baseUrl(), ADMIN_TOKEN, "GET", "/admin/state");
  }

  @Override
  public void close() {
    if (workerFactory != null) {
      workerFactory.shutdownNow();
      workerFactory.awaitTermination(10, TimeUnit.SECONDS);
      workerStubs.shutdownNow();
    }
    env.close();
    server.close();
    emulator.close();
  }

  record Run(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
