package dev.fullecs.starter.temporal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.workflows.provision.ProvisionRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * SHA-256 of a request's content (every field but the request id), so that the same request id
 * with a different request is refused (F16). The starter compares the digest of what it was asked
 * with the digest of the run's own input ({@link RequestKind}), whoever started that run.
 */
public final class RequestDigest {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private RequestDigest() {}

  public static String of(CreateImageRequest request) {
    CreateImageRequest withoutId =
        new CreateImageRequest(
            request.region(),
            request.tenant(),
            request.serverId(),
            request.sourceBackupId(),
            request.vaultId(),
            request.imageName(),
            request.enterpriseProject(),
            request.tags(),
            request.description(),
            request.agreementAccepted(),
            request.maintenanceWindow(),
            null);
    return ofContent(withoutId);
  }

  public static String of(ProvisionRequest r) {
    return ofContent(new ProvisionRequest(r.tenant(), r.imageId(), r.az(), r.count(), r.namePrefix(), null));
  }

  /** A replication's request: the tenant, the image and the target region. */
  public static String ofReplication(String tenant, String imageId, String region) {
    return ofContent(Map.of("tenant", tenant, "image_id", imageId, "region", region));
  }

  private static String ofContent(Object withoutId) {
    try {
      byte[] json = CANONICAL.writeValueAsBytes(withoutId);
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
