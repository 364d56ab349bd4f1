package dev.fullecs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/** F16, F22: one workflow per tenant and request id, and no tenant's choice names another's. */
class ImageWorkflowsTest {
  private static final List<String> TENANTS = List.of("tenant", "tenant-a", "t.a", "t", "a-x", "T");
  private static final List<String> REQUEST_IDS = List.of("x", "a-x", "a.b", "b", "tenant-a:x", ":x", "X", "a:x");

  @Test
  void workflowIdsOfTwoTenantsNeverCollide() {
    // tenant "tenant" with request id "a-x" must not take tenant "tenant-a"'s id for request "x"
    assertThat(ImageWorkflows.workflowId("tenant", "a-x"))
        .isNotEqualTo(ImageWorkflows.workflowId("tenant-a", "x"));
    assertThat(ImageWorkflows.workflowId("t.a", "b")).isNotEqualTo(ImageWorkflows.workflowId("t", "a.b"));
    for (BinaryOperator<String> id : List.<BinaryOperator<String>>of(ImageWorkflows::workflowId,
        ImageWorkflows::provisionWorkflowId, ImageWorkflows::replicateWorkflowId)) {
      Set<String> seen = new HashSet<>();
      for (String tenant : TENANTS) {
        for (String requestId : REQUEST_IDS) {
          assertThat(seen.add(id.apply(tenant, requestId))).as("%s, %s", tenant, requestId).isTrue();
        }
      }
    }
  }

  @Test
  void theTenantOfAnIdIsTheOneThatMadeIt() {
    for (String tenant : TENANTS) {
      for (String requestId : REQUEST_IDS) {
        assertThat(ImageWorkflows.tenantOf(ImageWorkflows.WORKFLOW_ID_PREFIX,
            ImageWorkflows.workflowId(tenant, requestId))).isEqualTo(tenant);
        assertThat(ImageWorkflows.tenantOf(ImageWorkflows.PROVISION_ID_PREFIX,
            ImageWorkflows.provisionWorkflowId(tenant, requestId))).isEqualTo(tenant);
      }
    }
    assertThat(ImageWorkflows.tenantOf(ImageWorkflows.WORKFLOW_ID_PREFIX, "full-ecs-image-tenant-a-x")).isNull();
  }

  @Test
  void aValidTenantHasNoColon() {
    assertThat(ImageWorkflows.isValidTenant("tenant-a")).isTrue();
    assertThat(ImageWorkflows.isValidTenant("t".repeat(64))).isTrue();
    for (String bad : new String[] {null, "", "tenant:a", "t".repeat(65), "a b", "a/b"}) {
      assertThat(ImageWorkflows.isValidTenant(bad)).as("%s", bad).isFalse();
    }
  }

  @Test
  void legacyIdsAreTheIdsOfBeforeIssue12() {
    assertThat(ImageWorkflows.legacyWorkflowId("tenant-a", "Req-1")).isEqualTo("full-ecs-image-tenant-a-req-1");
    assertThat(ImageWorkflows.legacyProvisionWorkflowId("tenant-a", "p1")).isEqualTo("provision-tenant-a-p1");
    assertThat(ImageWorkflows.legacyReplicateWorkflowId("tenant-a", "r1")).isEqualTo("replicate-tenant-a-r1");
  }
}
