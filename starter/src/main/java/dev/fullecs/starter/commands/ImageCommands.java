package dev.fullecs.starter.commands;

import dev.fullecs.cloud.Disk;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Server;
import dev.fullecs.starter.CloudCallException;
import dev.fullecs.starter.StarterException;
import java.util.ArrayList;
import java.util.List;

/** What the commands that act on an image with the tenant's token share. */
public final class ImageCommands {
  private ImageCommands() {}

  /** The image as the tenant sees it (its own or shared with it); refused (exit 2) if it sees none. */
  public static Image readImage(Session session, String imageId) {
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
  public static Server readServer(Session session, String serverId) {
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
  public static void requireOwn(Session session, Image image, String action) {
    if (!session.tenant.equals(image.tenant())) {
      throw StarterException.refused("image " + image.id() + " is shared with tenant " + session.tenant
          + " by " + image.tenant() + ", read-only: only its owner can " + action + " it");
    }
  }

  /** {@code system 40 GiB SSD, data 100 GiB SSD}. */
  public static String disks(List<Disk> disks) {
    List<String> parts = new ArrayList<>();
    for (Disk d : disks) {
      parts.add(d.role() + " " + d.sizeGib() + " GiB " + d.type());
    }
    return String.join(", ", parts);
  }
}
