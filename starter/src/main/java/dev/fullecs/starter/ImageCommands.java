package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the commands that act on an image with the tenant's token share. */
final class ImageCommands {
  private ImageCommands() {}

  /** The image as the tenant sees it (its own or shared with it); refused (exit 2) if it sees none. */
  static JsonNode readImage(Session session, String imageId) {
    try {
      return session.cloud.image(imageId);
    } catch (CloudCallException e) {
      if (e.status() == 404 || e.status() == 403) {
        throw StarterException.refused("image " + imageId + " does not exist for tenant " + session.tenant
            + " (neither its own nor shared with it)");
      }
      throw e;
    }
  }

  /** The tenant's ECS; refused (exit 2) if the tenant has none of that id. */
  static JsonNode readServer(Session session, String serverId) {
    try {
      return session.cloud.server(serverId);
    } catch (CloudCallException e) {
      if (e.status() == 404 || e.status() == 403) {
        throw StarterException.refused("ECS " + serverId + " does not exist for tenant " + session.tenant);
      }
      throw e;
    }
  }

  /** Refused (exit 2) unless the tenant owns the image: a shared image is read-only (F21). */
  static void requireOwn(Session session, JsonNode image, String action) {
    String owner = image.path("tenant").asText();
    if (!session.tenant.equals(owner)) {
      throw StarterException.refused("image " + image.path("id").asText() + " is shared with tenant " + session.tenant
          + " by " + owner + ", read-only: only its owner can " + action + " it");
    }
  }

  /** {@code system 40 GiB SSD, data 100 GiB SSD}. */
  static String disks(JsonNode disks) {
    List<String> parts = new ArrayList<>();
    for (JsonNode d : disks) {
      parts.add(d.path("role").asText() + " " + d.path("size_gib").asInt() + " GiB " + d.path("type").asText());
    }
    return String.join(", ", parts);
  }

  /** Prints {@code fields} as JSON, or {@code text}. */
  static void print(GlobalOptions global, java.io.PrintWriter out, Map<String, Object> fields, String text) {
    out.println(global.json ? Json.write(fields) : text);
    out.flush();
  }
}
