package dev.fullecs.emulator.tenant;

import java.util.ArrayList;
import java.util.List;

/** Tag keys every image of the tenant must carry. */
public class TagPolicy {
  public List<String> requiredKeys = new ArrayList<>();
}
