package dev.fullecs.emulator.tenant;

import java.util.ArrayList;
import java.util.List;

/** A region and its availability zones. */
public class Region {
  public String id;
  public List<String> azs = new ArrayList<>();
}
