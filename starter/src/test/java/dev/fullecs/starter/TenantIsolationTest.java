package dev.fullecs.starter;

import static dev.fullecs.starter.CloudAssertions.assertUnchanged;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.http.Route;
import dev.fullecs.contract.ImageWorkflows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F22 with a second tenant: tenant-b's token (and the service credential acting for tenant-b)
 * against every tenant route the emulator has (read from its router, so a route added later is
 * covered too) and every starter command, always with tenant-a's ids, after tenant-a has a
 * finished creation. Everything is refused or empty, nothing of tenant-a shows, nothing changes.
 */
class TenantIsolationTest {
  static final String B_TOKEN = "tok-tenant-b";
  /** Ids of tenant-a's resources, by the path segment that names their kind. */
  static final Map<String, String> A_IDS = Map.of(
      "servers", Stack.SERVER, "images", "img-existing", "vaults", Stack.VAULT,
      "backups", "backup-existing", "snapshots", "snap-existing-sys");
  /** For a route this test does not know: tenant-a's ids in the fields most routes take. */
  static final String GENERIC_BODY =
      "{\"server_id\":\"ecs-web-01\",\"image_id\":\"IMAGE\",\"vault_id\":\"vault-backup\"}";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void tenantBsTokenOnEveryEndpointWithTenantAsIdsIsRefusedAndChangesNothing() throws Exception {
    stack = Stack.start(dir, 0.05);
    Stack.Run created = stack.create("iso-1", "web-iso", "--wait", "--json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    String imageId = created.json().path("result").path("image_id").asText();
    List<String> aIds = new ArrayList<>(A_IDS.values());
    aIds.add(imageId);
    aIds.add("tenant-a");
    JsonNode before = stack.adminState();
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;

    for (Route route : stack.emulator.router().routes()) {
      if (!route.template().startsWith("/v1/{tenant}")) {
        continue;
      }
      String body = body(route, imageId);
      // tenant-b's token on tenant-a's own path.
      Answer onA = send(route.method(), path(route.template(), "tenant-a", imageId), B_TOKEN, body);
      soft.assertThat(onA.status).as("%s on tenant-a's path: %s", route.operation(), onA.body).isEqualTo(404);
      soft.assertThat(onA.body).as(route.operation()).contains("TENANT_NOT_FOUND");
      // tenant-b's token, and the service credential acting for tenant-b, with tenant-a's ids.
      for (String token : List.of(B_TOKEN, Stack.SERVICE_TOKEN)) {
        Answer onB = send(route.method(), path(route.template(), "tenant-b", imageId), token, body);
        String what = route.operation() + " as " + token + " with tenant-a's ids: " + onB.body;
        boolean list = route.method().equals("GET") && !route.template().contains("{id}");
        boolean known = route.template().replace("{tenant}", "").contains("{")
            || body != null && !body.equals(GENERIC_BODY.replace("IMAGE", imageId));
        if (list) {
          soft.assertThat(onB.status).as(what).isEqualTo(200);
        } else if (!known) {
          // A route of tenant-b's own that names none of tenant-a's ids (e.g. noop): allowed, but
          // it must show nothing of tenant-a and change nothing (checked below).
          soft.assertThat(onB.status).as(what).isLessThan(500);
        } else {
          soft.assertThat(onB.status).as(what).isBetween(400, 499);
        }
        for (String id : aIds) {
          soft.assertThat(onB.body).as(what).doesNotContain("\"" + id + "\"");
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2 * 15);

    // Every starter command, as tenant-b, with tenant-a's ids.
    String workflowId = ImageWorkflows.workflowId(Stack.TENANT, "iso-1");
    List<String[]> commands = List.of(
        new String[] {"validate", "--region", Stack.REGION, "--server", Stack.SERVER, "--vault", Stack.VAULT,
            "--name", "b-x", "--tag", "cost-center=1", "--accept-disclaimer"},
        new String[] {"create", "--region", Stack.REGION, "--server", Stack.SERVER, "--vault", Stack.VAULT,
            "--name", "b-x", "--tag", "cost-center=1", "--accept-disclaimer", "--request-id", "iso-1"},
        new String[] {"create", "--region", Stack.REGION, "--from-backup", "backup-existing", "--vault",
            "vault-b-backup", "--name", "b-y", "--tag", "cost-center=1", "--accept-disclaimer"},
        new String[] {"watch", workflowId},
        new String[] {"cancel", workflowId},
        new String[] {"extend", workflowId, "30m"},
        new String[] {"show", workflowId},
        new String[] {"show", imageId},
        new String[] {"show", "img-existing"},
        new String[] {"provision", imageId, "--az", "cn-north-4a", "--wait"},
        new String[] {"change-os", Stack.SERVER, "--image", imageId},
        new String[] {"share", imageId, "--with", "tenant-b"},
        new String[] {"replicate", imageId, "--region", "cn-east-3", "--wait"},
        new String[] {"delete", imageId, "--delete-backup"},
        new String[] {"export", imageId},
        new String[] {"publish", imageId},
        new String[] {"retained", "list", "--server", Stack.SERVER},
        new String[] {"retained", "delete", "snap-existing-sys", "backup-existing"},
        new String[] {"cancel", ImageWorkflows.provisionWorkflowId(Stack.TENANT, "iso-1")});
    for (String[] command : commands) {
      Stack.Run run = asB(command);
      soft.assertThat(run.exitCode()).as(String.join(" ", command) + " -> " + run).isEqualTo(2);
      soft.assertThat(run.out() + run.err()).as(command[0]).doesNotContain("Exception").doesNotContain("web-iso").doesNotContain("NORMAL");
    }
    Stack.Run list = asB(new String[] {"list", "--json"});
    soft.assertThat(list.exitCode()).as(list.toString()).isZero();
    for (String id : aIds) {
      soft.assertThat(list.out()).as("tenant-b's list").doesNotContain(id);
    }
    soft.assertThat(list.out()).doesNotContain(workflowId);
    Stack.Run unlock = stack.starter("unlock", Stack.SERVER, "--force", "--admin-token", B_TOKEN,
        "--cloud-url", stack.emulator.baseUrl());
    soft.assertThat(unlock.exitCode()).as(unlock.toString()).isEqualTo(2);
    soft.assertAll();
    assertUnchanged(before, stack.adminState());
    assertThat(stack.cloud.image(imageId).path("status").asText()).isEqualTo("NORMAL");
  }

  /** The command as tenant-b; the identity options go after the command (and its subcommand, for retained). */
  private Stack.Run asB(String[] command) {
    int words = command[0].equals("retained") ? 2 : 1;
    List<String> all = new ArrayList<>(List.of(command).subList(0, words));
    all.addAll(List.of("--tenant", "tenant-b", "--token", B_TOKEN, "--cloud-url", stack.emulator.baseUrl()));
    all.addAll(List.of(command).subList(words, command.length));
    return stack.starter(all.toArray(String[]::new));
  }

  /** The template with {@code tenant} and, for every other parameter, the tenant-a id of its kind. */
  static String path(String template, String tenant, String imageId) {
    Matcher m = Pattern.compile("/([a-z_-]+)/\\{([a-z_]+)\\}").matcher(template.replace("{tenant}", tenant));
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String id = kind.equals("images") ? "img-existing" : A_IDS.getOrDefault(kind, imageId);
      m.appendReplacement(b, "/" + kind + "/" + id);
    }
    m.appendTail(b);
    return b.toString();
  }

  /** A body that would act on tenant-a's resources. */
  static String body(Route route, String imageId) {
    if (route.method().equals("GET") || route.method().equals("DELETE")) {
      return null;
    }
    String t = route.template();
    if (t.endsWith("/servers/{id}/action")) {
      return "{\"stop\":{}}";
    }
    if (t.endsWith("/images/{id}/action")) {
      return "{\"set_status\":{\"status\":\"DELETED\"}}";
    }
    if (t.endsWith("/snapshots")) {
      return "{\"disk_id\":\"ecs-web-01-sys\"}";
    }
    if (t.endsWith("/backups")) {
      return "{\"server_id\":\"ecs-web-01\",\"vault_id\":\"vault-backup\"}";
    }
    if (t.endsWith("/images")) {
      return "{\"id\":\"img-iso-b\",\"name\":\"iso-b\",\"source_server_id\":\"ecs-web-01\","
          + "\"tags\":[{\"key\":\"cost-center\",\"value\":\"1\"}]}";
    }
    return GENERIC_BODY.replace("IMAGE", imageId);
  }

  record Answer(int status, String body) {}

  private Answer send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.emulator.baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-Auth-Token", token)
        .header("Idempotency-Key", "iso-" + System.nanoTime())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }
}
