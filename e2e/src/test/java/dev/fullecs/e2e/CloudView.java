package dev.fullecs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The emulator's API as {@link CloudChecks} reads it, with the tenant's token: what a stack of
 * either kind (the dev server's {@link RealStack}, the cluster's {@link ClusterStack}) offers.
 */
interface CloudView {
  JsonNode server(String id);

  JsonNode image(String id);

  List<JsonNode> snapshotsOf(String server);

  List<JsonNode> backupsOf(String server);
}
