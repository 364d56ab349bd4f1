package dev.fullecs.workflows;

import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.CreationResult;
import dev.fullecs.contract.SearchAttributes;

import dev.fullecs.ecs.EcsActivities;
import dev.fullecs.ecs.LockRequest;
import dev.fullecs.ecs.ValidatedSource;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.image.ImageActivities;
import dev.fullecs.image.NewImage;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Test only: the start of {@link FullEcsImageWorkflowImpl} as an incompatible change would make
 * it, with the image record created before the lock instead of after. Replay must reject it.
 */
public class ImageRecordBeforeLockWorkflowImpl implements FullEcsImageWorkflow {
  private final ActivityOptions options =
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build();
  private final EcsActivities ecs = Workflow.newActivityStub(EcsActivities.class, options);
  private final ImageActivities images = Workflow.newActivityStub(ImageActivities.class, options);

  @Override
  public CreationResult create(CreateImageRequest request) {
    String imageId = "img-changed";
    Workflow.upsertTypedSearchAttributes(
        SearchAttributeUpdate.valueSet(SearchAttributes.TENANT_ID, request.tenant()),
        SearchAttributeUpdate.valueSet(SearchAttributes.REGION, request.region()),
        SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_NAME, request.imageName()),
        SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_ID, imageId));
    ValidatedSource source = ecs.validateCreation(request);
    Workflow.upsertTypedSearchAttributes(
        SearchAttributeUpdate.valueSet(SearchAttributes.ECS_ID, source.serverId()));
    images.createImageRecord(
        new NewImage(request.tenant(), imageId, request.imageName(), source.serverId(), null,
            request.vaultId(), request.enterpriseProject(), request.tags(), request.description(),
            "key", null));
    ecs.lockEcs(new LockRequest(request.tenant(), source.serverId(), imageId, "key"));
    throw new IllegalStateException("replay should have failed before this point");
  }

  @Override
  public CreationProgress progress() {
    return null;
  }

  @Override
  public CreationProgress extendMaintenanceWindow(String duration) {
    return null;
  }

  @Override
  public void validateExtendMaintenanceWindow(String duration) {}
}
