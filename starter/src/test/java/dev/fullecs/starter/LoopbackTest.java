package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import dev.fullecs.worker.PrometheusEndpoint;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: the emulator and the worker's metrics endpoint listen on 127.0.0.1 unless told
 * otherwise; a connection to any other address of this machine is refused. The admin API needs
 * the admin token (the other credentials are refused in {@link BadInputTest}).
 */
class LoopbackTest {
  @TempDir Path dir;

  @Test
  void theEmulatorListensOnLoopbackByDefault() {
    try (CloudEmulator emulator =
        CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0))) {
      assertThat(EmulatorOptions.defaults().bind()).isEqualTo("127.0.0.1");
      assertThat(URI.create(emulator.baseUrl()).getHost()).isEqualTo("127.0.0.1");
      assertReachableOnlyOnLoopback(emulator.port());
      assertThat((String) new picocli.CommandLine(new dev.fullecs.emulator.EmulatorMain()).getCommandSpec()
          .findOption("--bind").getValue()).isEqualTo("127.0.0.1");
      CloudCallException noToken = adminWith(emulator, "");
      assertThat(noToken.status()).isEqualTo(401);
      for (String token : List.of(Stack.TOKEN, Stack.SERVICE_TOKEN, "tok-tenant-b")) {
        assertThat(adminWith(emulator, token).status()).as(token).isEqualTo(403);
      }
      assertThat(EmulatorAdminApi.call(emulator.baseUrl(), Stack.ADMIN_TOKEN, "GET", "/admin/state").isObject()).isTrue();
    }
  }

  @Test
  void theWorkersMetricsEndpointListensOnLoopback() throws Exception {
    try (PrometheusEndpoint metrics = PrometheusEndpoint.start(0)) {
      assertReachableOnlyOnLoopback(metrics.port());
    }
  }

  private static CloudCallException adminWith(CloudEmulator emulator, String token) {
    try {
      EmulatorAdminApi.call(emulator.baseUrl(), token, "GET", "/admin/state");
    } catch (CloudCallException e) {
      return e;
    }
    throw new AssertionError("the admin API answered a request with token '" + token + "'");
  }

  static void assertReachableOnlyOnLoopback(int port) {
    assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("127.0.0.1:" + port).isTrue();
    for (InetAddress other : otherAddresses()) {
      assertThat(connects(other, port)).as(other + ":" + port).isFalse();
    }
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** This machine's non-loopback IPv4 addresses (none on a machine without a network: then only loopback is checked). */
  private static List<InetAddress> otherAddresses() {
    List<InetAddress> list = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
            list.add(a);
          }
        }
      }
    } catch (java.net.SocketException e) {
      // no interfaces to list
    }
    return list;
  }
}
