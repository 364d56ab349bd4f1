package dev.fullecs.cloud.huaweicloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link HuaweiImageCloud} needs besides the SDK: the region and its AZs, an optional endpoint
 * that replaces every service's (the emulator's URL), one credential per tenant (a tenant is a
 * Huawei project, so F22 and F23 keep their meaning), and how it waits. Read from the environment
 * and a credentials file by {@link HuaweiSettingsLoader}; never from workflow input.
 *
 * @param endpoint the one URL every service is called at, or empty for Huawei's own endpoints of
 *     {@code region}
 * @param poll how often a wait reads the cloud again (CBR and IMS have no long-poll)
 * @param stepWait the longest a short step (F7's image to NORMAL) waits for IMS within one attempt
 *     before it fails retryably and the step's retry policy tries again
 * @param quickRetries how often a call that failed transiently and at once is sent again, as the
 *     emulator implementation does
 * @param flavor the flavor of servers made from an image (F18) when none is asked for
 */
public record HuaweiSettings(
    String region,
    List<String> azs,
    Optional<String> endpoint,
    Map<String, Credential> credentials,
    Duration poll,
    Duration stepWait,
    int quickRetries,
    String flavor) {

  public HuaweiSettings {
    Objects.requireNonNull(region, "region");
    azs = List.copyOf(azs);
    endpoint = endpoint == null ? Optional.empty() : endpoint;
    credentials = Map.copyOf(credentials);
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(stepWait, "stepWait");
  }

  /** The credential for {@code tenant}; a tenant without one is refused as the cloud refuses it. */
  Credential credential(String tenant) {
    Credential c = credentials.get(tenant);
    if (c == null) {
      throw new dev.fullecs.cloud.CloudForbiddenException(
          "no Huawei Cloud credential for tenant " + tenant + " (configure one per project: "
              + HuaweiSettingsLoader.HOWTO + ")", 403, "NO_CREDENTIAL");
    }
    return c;
  }

  @Override
  public String toString() {
    return "HuaweiSettings[region=" + region + ", azs=" + azs + ", endpoint=" + endpoint.orElse("(Huawei's)")
        + ", tenants=" + credentials.keySet() + "]";
  }

  /** An AK/SK pair and the project it acts in. The secret key never appears in {@link #toString()}. */
  public record Credential(String ak, String sk, String projectId) {
    public Credential {
      Objects.requireNonNull(ak, "ak");
      Objects.requireNonNull(sk, "sk");
      Objects.requireNonNull(projectId, "projectId");
    }

    @Override
    public String toString() {
      return "Credential[ak=" + ak + ", sk=***, projectId=" + projectId + "]";
    }
  }
}
