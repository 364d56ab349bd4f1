package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.http.Route;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** openapi.yaml is valid OpenAPI 3 and documents every route the router serves, under its operation name. */
class OpenApiTest extends EmulatorTestBase {
  private static String spec() throws Exception {
    try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void isValidOpenApi3() throws Exception {
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(spec(), null, null);
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
  }

  @Test
  void documentsEveryRouteWithItsOperationName() throws Exception {
    startFast();
    OpenAPI api = new OpenAPIV3Parser().readContents(spec(), null, null).getOpenAPI();
    Set<String> served = new TreeSet<>();
    for (Route r : emu.router().routes()) {
      served.add(r.method() + " " + r.template());
      PathItem item = api.getPaths().get(r.template());
      assertThat(item).as("path %s", r.template()).isNotNull();
      Operation op = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(r.method()));
      assertThat(op).as("%s %s", r.method(), r.template()).isNotNull();
      assertThat(op.getOperationId()).isEqualTo(r.operation());
    }
    Set<String> documented = new TreeSet<>();
    api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m -> documented.add(m + " " + path)));
    assertThat(documented).isEqualTo(served);
  }

  @Test
  void isServedWithoutAToken() throws Exception {
    startFast();
    var client = java.net.http.HttpClient.newHttpClient();
    var res = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emu.baseUrl() + "/openapi.yaml")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo(spec());
  }
}
