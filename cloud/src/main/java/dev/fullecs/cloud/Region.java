package dev.fullecs.cloud;

import java.util.List;

/** A region and its availability zones. */
public record Region(String id, List<String> azs) {
  public Region {
    azs = azs == null ? List.of() : List.copyOf(azs);
  }
}
