package dev.fullecs.emulator.huawei;

import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Authentication;
import dev.fullecs.emulator.http.ErrorFormat;
import dev.fullecs.emulator.http.RefusalMapping;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Surface;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.refusal.RefusalKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The services of Huawei's API the emulator speaks, each with the error format and error codes the
 * real service uses, so that the official SDK raises the exception it raises against the real cloud
 * ({@code ClientRequestException} for 4xx, {@code ServerResponseException} for 5xx, with the same
 * status and error code).
 *
 * <p>Where the codes come from (README, "Huawei's API"): ECS codes and the ECS error body from the
 * ECS API reference's error-code table and examples (404 {@code Ecs.0114}, 400 {@code Ecs.0605} ECS
 * locked, 400 {@code Ecs.0100} state, ...); EVS's body and its 403 {@code EVS.0003} and 400 {@code EVS.1002}
 * (invalid volume id) from the EVS API reference's error-code table (which names no code for an unknown
 * disk: the emulator answers 404 {@code EVS.DISK_NOT_FOUND}); IMS codes and body from the IMS API reference's error-code
 * table (400 {@code IMG.0xxx}); the gateway's codes (401 {@code APIGW.0301}, 403 {@code APIGW.0302},
 * 429 {@code APIGW.0308}) from API Gateway's documentation and answers of the real cloud quoted in
 * public issues; the Nova body from the native OpenStack API. For CBR no error-code table was found:
 * {@code BackupService.9900} (invalid parameter), {@code BackupService.6105} (vault) and
 * {@code BackupService.6302} (resource) are the codes clients of the real cloud check for, and other
 * refusals carry the emulator's own code after {@code BackupService.}.
 */
enum HuaweiService {
  /** ECS's own API ({@code /v1/.../cloudservers}, {@code /v1.1}, {@code /v2}): {@code {"error":{"message","code"}}}. */
  ECS,
  /** ECS's native OpenStack (Nova) API ({@code /v2.1}): {@code {"conflictingRequest":{"message","code":409}}}. */
  NOVA,
  /** EVS ({@code /v2/{project_id}/cloudvolumes}): {@code {"error":{"message","code"}}}. */
  EVS,
  /** CBR ({@code /v3}): {@code {"error_code","error_msg"}}. */
  CBR,
  /** IMS ({@code /v1/cloudimages}, {@code /v2/cloudimages}): {@code {"error":{"code","message"}}}. */
  IMS,
  /** IMS's Glance-style routes ({@code /v2/images/{id}}): as IMS, but an unknown image is a 404. */
  GLANCE,
  /** The jobs of ECS and IMS ({@code /v1/{project_id}/jobs/{job_id}}, one path for both). */
  JOBS;

  static final String REQUEST_ID_HEADER = "X-Request-Id";

  /** The surface of this service's routes, authenticated by {@code authentication}. */
  Surface surface(Authentication authentication) {
    return new Surface(authentication, refusals(), errors(), REQUEST_ID_HEADER);
  }

  RefusalMapping refusals() {
    return r -> {
      Answer a = answer(r);
      return new ApiException(a.status, a.code, r.getMessage());
    };
  }

  private record Answer(int status, String code) {}

  private Answer answer(Refusal r) {
    RefusalKind kind = r.kind();
    String code = r.code();
    return switch (this) {
      case ECS -> switch (kind) {
        case NOT_FOUND -> code.equals("IMAGE_NOT_FOUND") ? new Answer(400, "Ecs.0031") : new Answer(404, "Ecs.0114");
        case FORBIDDEN -> new Answer(403, "Ecs.0003");
        case INVALID -> new Answer(400, "Ecs.0005");
        default -> switch (code) {
          case "ECS_LOCKED" -> new Answer(400, "Ecs.0605");
          case "INVALID_SERVER_STATE", "SERVER_DELETED" -> new Answer(400, "Ecs.0100");
          case "IMAGE_NOT_NORMAL", "IMAGE_NOT_USABLE", "IMAGE_NOT_AVAILABLE_IN_AZ", "IMAGE_DISKS_GONE" ->
              new Answer(400, "Ecs.0048");
          case "AZ_NOT_IN_REGION" -> new Answer(400, "Ecs.0005");
          default -> new Answer(400, "Ecs.0000");
        };
      };
      case NOVA -> switch (kind) {
        case NOT_FOUND -> new Answer(404, "404");
        case FORBIDDEN -> new Answer(403, "403");
        case CONFLICT -> new Answer(409, "409");
        default -> new Answer(400, "400");
      };
      case EVS -> switch (kind) {
        case NOT_FOUND -> new Answer(404, "EVS." + code);
        case FORBIDDEN -> new Answer(403, "EVS.0003");
        case INVALID -> new Answer(400, "EVS.1002");
        default -> new Answer(400, "EVS." + code);
      };
      case CBR -> switch (kind) {
        case NOT_FOUND -> new Answer(404, switch (code) {
          case "VAULT_NOT_FOUND" -> "BackupService.6105";
          case "SERVER_NOT_FOUND" -> "BackupService.6302";
          default -> "BackupService." + code;
        });
        case FORBIDDEN -> new Answer(403, "BackupService." + code);
        case INVALID -> new Answer(400, "BackupService.9900");
        default -> new Answer(400, "BackupService." + code);
      };
      case IMS, GLANCE -> kind == RefusalKind.FORBIDDEN && !code.equals("NOT_IMAGE_OWNER")
          ? new Answer(403, "IMG.0026")
          : code.equals("IMAGE_NOT_FOUND") && this == GLANCE ? new Answer(404, "IMG.0144")
          : new Answer(400, switch (code) {
            case "INVALID_REQUEST" -> "IMG.0001";
            case "INVALID_IMAGE_NAME" -> "IMG.0003";
            case "IMAGE_NAME_EXISTS" -> "IMG.0009";
            case "BACKUP_NOT_FOUND" -> "IMG.0020";
            case "IMAGE_NOT_FOUND" -> "IMG.0027";
            case "BACKUP_ALREADY_USED" -> "IMG.0029";
            case "BACKUP_NOT_AVAILABLE" -> "IMG.0032";
            case "IMAGE_NOT_USABLE" -> "IMG.0046";
            case "NOT_IMAGE_OWNER" -> "IMG.0047";
            case "IMAGE_CREATING" -> "IMG.0090";
            case "TENANT_NOT_FOUND" -> "IMG.0108";
            case "INVALID_TAGS", "TAG_POLICY_VIOLATION" -> "IMG.0115";
            case "FULL_ECS_IMAGE_EXPORT_NOT_SUPPORTED" -> "IMG.0128";
            case "FULL_ECS_IMAGE_REPLICATION_IN_REGION", "FULL_ECS_IMAGE_ALREADY_REPLICATED" -> "IMG.0130";
            case "CSBS_BACKUP_EXISTS" -> "IMG.0135";
            case "ENTERPRISE_PROJECT_NOT_FOUND" -> "IMG.0155";
            case "VAULT_NOT_FOUND" -> "IMG.0184";
            case "VAULT_REGION_MISMATCH" -> "IMG.0189";
            case "VAULT_NOT_BACKUP_TYPE", "VAULT_NOT_SERVER_TYPE" -> "IMG.0193";
            default -> code;
          });
      case JOBS -> kind == RefusalKind.NOT_FOUND ? new Answer(404, code) : new Answer(400, code);
    };
  }

  /**
   * How this service writes an error. The gateway's own refusals (credentials, throttling) come in
   * the gateway's body, whatever the service: {@code {"error_msg","error_code","request_id"}}.
   */
  ErrorFormat errors() {
    return (e, requestId) -> {
      ApiException error = translated(e);
      if (error.code().startsWith("APIGW.")) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_msg", error.getMessage());
        body.put("error_code", error.code());
        body.put("request_id", requestId);
        return Reply.json(error.status(), body);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      switch (this) {
        case CBR -> {
          body.put("error_code", error.code());
          body.put("error_msg", error.getMessage());
        }
        case NOVA -> {
          Map<String, Object> inner = new LinkedHashMap<>();
          inner.put("message", error.getMessage());
          inner.put("code", error.status());
          body.put(novaKind(error.status()), inner);
        }
        default -> {
          Map<String, Object> inner = new LinkedHashMap<>();
          inner.put("message", error.getMessage());
          inner.put("code", error.code());
          body.put("error", inner);
        }
      }
      return Reply.json(error.status(), body);
    };
  }

  /** The front's own errors as this service words them: throttling is the gateway's, a malformed body the service's. */
  private ApiException translated(ApiException e) {
    return switch (e.code()) {
      case "THROTTLED" -> new ApiException(429, "APIGW.0308",
          "The throttling threshold has been reached: " + e.getMessage());
      case "INVALID_REQUEST" -> new ApiException(e.status(), invalidCode(), e.getMessage());
      default -> e;
    };
  }

  private String invalidCode() {
    return switch (this) {
      case ECS -> "Ecs.0005";
      case NOVA -> "400";
      case CBR -> "BackupService.9900";
      case EVS -> "EVS.1002";
      case IMS, GLANCE -> "IMG.0001";
      case JOBS -> "INVALID_REQUEST";
    };
  }

  private static String novaKind(int status) {
    return switch (status) {
      case 400 -> "badRequest";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "itemNotFound";
      case 409 -> "conflictingRequest";
      case 413, 429 -> "overLimit";
      case 503 -> "serviceUnavailable";
      default -> status >= 500 ? "computeFault" : "badRequest";
    };
  }
}
