package dev.fullecs.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.cloud.DomainFixture;
import dev.fullecs.emulator.fault.FaultConfig;
import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.fault.OperationFaults;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.store.AuditEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A surface other than {@code /v1/} gets the faults of its operations, idempotency records and
 * audit entries by declaring its routes, and answers the domain's refusals its own way.
 */
class SecondSurfaceTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final RefusalMapping OTHER = r -> new ApiException(400, "Other." + r.code(), r.getMessage());

  @TempDir Path dir;
  DomainFixture cloud;
  Faults faults = new Faults();
  AtomicInteger bumps = new AtomicInteger();
  HttpApi http;

  @BeforeEach
  void up() throws Exception {
    cloud = new DomainFixture(dir);
    Router router = new Router(r -> new ApiException(409, r.code(), r.getMessage()));
    router.answering(OTHER)
        .write("POST", "/other/{tenant}/counter", "bump_counter", Access.TENANT_OR_SERVICE, false, (call, tx) -> {
          tx.audit(call.tenant(), "counter", "bumped");
          return Reply.ok(Map.of("n", bumps.incrementAndGet()));
        })
        .get("/other/{tenant}/busy", "get_busy", Access.TENANT_OR_SERVICE, call -> {
          throw Refusal.conflict("BUSY", "it is busy");
        });
    router.write("POST", "/operator/counter", "operator_bump", Access.ADMIN, false,
        (call, tx) -> Reply.ok(Map.of("n", bumps.incrementAndGet())));
    http = new HttpApi(router, cloud.store, faults, new RequestStats(), "127.0.0.1", 0);
  }

  @AfterEach
  void down() {
    http.close();
    cloud.close();
  }

  private HttpResponse<String> send(String method, String path, String token, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
        .header("X-Auth-Token", token)
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void fault(String operation, double p503) {
    FaultConfig config = new FaultConfig();
    OperationFaults f = new OperationFaults();
    f.p503 = p503;
    config.operations.put(operation, f);
    faults.set(config);
  }

  @Test
  void itsOperationsGetTheirFaults() throws Exception {
    fault("bump_counter", 1);

    HttpResponse<String> r = send("POST", "/other/tenant-a/counter", "tok-tenant-a", null);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(bumps.get()).isZero();
  }

  @Test
  void aRepeatedKeyIsAnsweredFromItsIdempotencyRecordAndTheChangeIsAuditedUnderItsOperation() throws Exception {
    HttpResponse<String> first = send("POST", "/other/tenant-a/counter", "tok-tenant-a", "k-1");
    HttpResponse<String> again = send("POST", "/other/tenant-a/counter", "tok-tenant-a", "k-1");

    assertThat(first.body()).isEqualTo("{\"n\":1}");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(bumps.get()).isEqualTo(1);
    AuditEntry last = cloud.store.audit(0, 1000).get(cloud.store.audit(0, 1000).size() - 1);
    assertThat(last.operation).isEqualTo("bump_counter");
    assertThat(last.tenant).isEqualTo("tenant-a");
  }

  @Test
  void itAnswersARefusalOfTheDomainItsOwnWay() throws Exception {
    HttpResponse<String> r = send("GET", "/other/tenant-a/busy", "tok-tenant-a", null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error_code\":\"Other.BUSY\"").contains("it is busy");
  }

  @Test
  void theOperatorsRoutesStandOutsideTheFaults() throws Exception {
    fault("*", 1);

    assertThat(send("POST", "/operator/counter", "tok-admin", null).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/other/tenant-a/counter", "tok-tenant-a", null).statusCode()).isEqualTo(503);
  }
}
