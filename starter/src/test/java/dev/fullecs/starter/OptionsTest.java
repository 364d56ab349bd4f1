package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.starter.commands.ListCommand;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 16: options parsed once by picocli converters, each bad value refused (exit 2) with one
 * sentence; {@code --output}; {@code --address} and {@code --namespace}; {@code list}'s filters;
 * help text that picocli wraps once and a command list that shows whole summaries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptionsTest {
  @TempDir static Path dir;
  Stack stack;
  String imageId;

  @BeforeAll
  void start() {
    stack = Stack.start(dir, 0.05);
    Stack.Run created = stack.create("opt-1", "web-opt", "--wait", "--json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    imageId = created.json().path("result").path("image_id").asText();
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** Refused at parsing: exit 2, one sentence on stderr and the pointer to --help, nothing else. */
  private static void assertRefused(Stack.Run run, String sentence) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    List<String> lines = run.err().lines().toList();
    assertThat(lines).as(run.toString()).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("error: " + sentence);
    assertThat(lines.get(1)).startsWith("(see `fullecs ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aNegativeLimitIsABadOptionWithASentence() {
    assertRefused(stack.user("list", "--limit", "-1"), "--limit must be between 1 and 1000, got -1");
    assertRefused(stack.user("list", "--limit", "many"), "--limit must be a whole number between 1 and 1000, got 'many'");
    Stack.Run json = stack.user("list", "--limit", "0", "--json");
    assertThat(json.exitCode()).isEqualTo(2);
    assertThat(json.json().path("error").asText()).isEqualTo("--limit must be between 1 and 1000, got 0");
  }

  @Test
  void aNegativeDurationIsRefusedNotTakenForAnOption() {
    assertRefused(stack.user("extend", "opt-1", "-5m"),
        "DURATION must be positive, such as 30s, 10m or 1h30m; '-5m' is negative");
    assertRefused(stack.user("extend", "opt-1", "5x"), "DURATION '5x' is not a duration such as 30s, 10m or 1h30m");
    assertRefused(stack.user("watch", "opt-1", "--timeout", "soon"),
        "--timeout 'soon' is not a duration such as 30s, 10m or 1h30m");
    assertRefused(stack.user("create", "--timeout", "-1h"),
        "--timeout must be positive, such as 30s, 10m or 1h30m; '-1h' is negative");
  }

  @Test
  void requestIdsAndFiltersAreCheckedWhenParsed() {
    // no creation is started and nothing is read: the id is refused before the token is checked
    Stack.Run badId = stack.starter("provision", imageId, "--az", "cn-north-4a", "--request-id", "a b");
    assertThat(badId.exitCode()).isEqualTo(2);
    assertThat(badId.err()).startsWith("error: request id is invalid (it is empty or contains other characters)");
    assertRefused(stack.user("list", "--image", "x' OR TenantId != '"),
        "--image 'x' OR TenantId != '' is not an id: use 1 to 128 letters, digits, '-', '_', '.' or ':'");
    assertRefused(stack.user("list", "--status", "sleeping"),
        "--status 'sleeping' is not a status: use running, completed, failed, canceled, terminated or timed_out");
  }

  @Test
  void outputJsonIsTheSameAsJson() {
    String[] request = {"--region", Stack.REGION, "--server", Stack.SERVER, "--vault", Stack.VAULT, "--name", "x"};
    Stack.Run json = stack.user("validate", concat(request, "--json"));
    Stack.Run output = stack.user("validate", concat(request, "--output", "json"));
    Stack.Run shortOption = stack.user("validate", concat(request, "-o", "json"));
    assertThat(output.exitCode()).isEqualTo(json.exitCode()).isEqualTo(2);
    assertThat(output.out()).isEqualTo(json.out()).isEqualTo(shortOption.out());
    assertThat(output.json().path("violations").findValuesAsText("code")).contains("AGREEMENT_NOT_ACCEPTED");

    Stack.Run text = stack.user("validate", concat(request, "--output", "text"));
    assertThat(text.out()).startsWith("1 rule is broken:");

    Stack.Run badOption = stack.user("list", "--colour", "--output=json");
    assertThat(badOption.exitCode()).isEqualTo(2);
    assertThat(badOption.json().path("status").asText()).isEqualTo("REFUSED");
    assertThat(stack.user("list", "--output", "yaml").err()).contains("Invalid value for option '--output'");
    Stack.Run refused = stack.user("show", "img-nope", "-o", "json");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.json().path("status").asText()).isEqualTo("REFUSED");
    assertThat(refused.json().path("error").asText()).contains("img-nope");
  }

  @Test
  void listFiltersByServerAndImage() {
    // the in-process test server cannot list workflows: the filters apply to the cloud's images
    assertThat(ids(stack.user("list", "--image", imageId, "--json"))).containsExactly(imageId);
    assertThat(ids(stack.user("list", "--image", "web-opt", "--json"))).containsExactly(imageId);
    assertThat(ids(stack.user("list", "--image", "img-other", "--json"))).isEmpty();
    assertThat(ids(stack.user("list", "--server", Stack.SERVER, "--json"))).containsExactly(imageId);
    assertThat(ids(stack.user("list", "--server", "ecs-other", "--json"))).isEmpty();
    Stack.Run byStatus = stack.user("list", "--status", "running");
    assertThat(byStatus.exitCode()).isEqualTo(1);
    assertThat(byStatus.err()).contains("list creations by --status on a real server");
  }

  @Test
  void listQueryMapsEachFilterToItsSearchAttribute() {
    assertThat(ListCommand.query(ListCommand.Kind.creations, "tenant-a", null, null, null))
        .isEqualTo("WorkflowType = 'FullEcsImageWorkflow' AND TenantId = 'tenant-a'");
    assertThat(ListCommand.query(ListCommand.Kind.provisionings, "tenant-a", "Running", "ecs-web-01", "img-1"))
        .isEqualTo("WorkflowType = 'ProvisionFromImageWorkflow' AND TenantId = 'tenant-a'"
            + " AND ExecutionStatus = 'Running' AND EcsId = 'ecs-web-01'"
            + " AND (ImageId = 'img-1' OR ImageName = 'img-1')");
  }

  @Test
  void textTablesAlignTheirColumns() {
    Stack.Run list = stack.user("list");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines).hasSize(4); // the inventory's two images and this one
    String header = lines.get(0);
    assertThat(header).startsWith("IMAGE ");
    String row = lines.stream().filter(l -> l.startsWith(imageId)).findFirst().orElseThrow();
    assertThat(row.indexOf(" web-opt ") + 1).isEqualTo(header.indexOf("NAME"));
    assertThat(row.indexOf(" NORMAL ") + 1).isEqualTo(header.indexOf("STATUS"));
    assertThat(row.indexOf(" " + Stack.SERVER + " ") + 1).isEqualTo(header.indexOf("ECS"));
    for (String line : lines) {
      assertThat(line).doesNotEndWith(" ");
    }
  }

  @Test
  void addressAndNamespaceOptionsWinOverTheDefaultConnection() {
    // the context's own client points at a port where nothing listens
    WorkflowServiceStubs nowhere = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1")
            .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(2)).build())
            .build());
    try {
      WorkflowClient unreachable = WorkflowClient.newInstance(nowhere);
      Stack.Run without = run(unreachable, "show", "opt-1", "--tenant", Stack.TENANT, "--token", Stack.TOKEN,
          "--cloud-url", stack.emulator.baseUrl());
      assertThat(without.exitCode()).as(without.toString()).isEqualTo(1);
      assertThat(without.err()).contains("cannot reach Temporal").contains("--address");

      Stack.Run with = run(unreachable, "show", "opt-1", "--tenant", Stack.TENANT, "--token", Stack.TOKEN,
          "--cloud-url", stack.emulator.baseUrl(), "--address", stack.target, "--json");
      assertThat(with.exitCode()).as(with.toString()).isZero();
      assertThat(with.json().path("creation").path("status").asText()).isEqualTo("COMPLETED");
    } finally {
      nowhere.shutdownNow();
    }
    StarterContext context = StarterContext.of(Map.of(), null, false, Duration.ofMillis(100));
    context.temporalAt("127.0.0.1:1", "ns-16");
    try {
      assertThat(context.temporal().getOptions().getNamespace()).isEqualTo("ns-16");
      assertThat(context.temporalTarget()).isEqualTo("127.0.0.1:1");
    } finally {
      context.close();
    }
  }

  @Test
  void helpIsWrappedOnceAndTheCommandListShowsWholeSummaries() {
    CommandLine cli = FullEcsCli.commandLine(StarterContext.of(Map.of(), null, false, Duration.ofMillis(100)));
    String usage = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
    String flat = usage.replaceAll("\\s+", " ");
    for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
      String[] header = sub.getValue().getCommandSpec().usageMessage().header();
      if (sub.getKey().equals("help")) {
        continue; // picocli's own
      }
      assertThat(header).as(sub.getKey() + " has a one-line header").hasSize(1);
      assertThat(flat).as(sub.getKey() + " in the command list").contains(sub.getKey() + " " + header[0]);
      String help = sub.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertThat(help.lines().mapToInt(String::length).max().orElse(0)).as(sub.getKey() + " --help").isLessThanOrEqualTo(80);
      for (String d : sub.getValue().getCommandSpec().usageMessage().description()) {
        assertThat(d).as(sub.getKey() + ": a paragraph, wrapped by picocli only").doesNotContain("\n");
      }
      assertThat(sub.getValue().getCommandSpec().usageMessage().description()).as(sub.getKey()).hasSizeLessThanOrEqualTo(1);
    }
  }

  private Stack.Run run(WorkflowClient client, String... args) {
    StarterContext context = StarterContext.of(Map.of(), client, false, Duration.ofMillis(100));
    CommandLine cmd = FullEcsCli.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    try {
      return new Stack.Run(cmd.execute(args), out.toString(), err.toString());
    } finally {
      context.close();
    }
  }

  private static List<String> ids(Stack.Run run) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode images = run.json().path("images");
    return images.findValuesAsText("image_id");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
