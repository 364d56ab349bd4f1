package dev.fullecs.contract;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes the workflow upserts, so users can filter in the Web UI with
 * {@code EcsId="..."} or {@code ImageStatus="CREATING"}. They must be registered wherever the
 * workflow runs (dev server, docker-compose, test server): see {@link #ALL}.
 */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> ECS_ID = SearchAttributeKey.forKeyword("EcsId");
  public static final SearchAttributeKey<String> IMAGE_ID = SearchAttributeKey.forKeyword("ImageId");
  public static final SearchAttributeKey<String> IMAGE_NAME =
      SearchAttributeKey.forKeyword("ImageName");
  public static final SearchAttributeKey<String> IMAGE_STATUS =
      SearchAttributeKey.forKeyword("ImageStatus");
  public static final SearchAttributeKey<String> TENANT_ID =
      SearchAttributeKey.forKeyword("TenantId");
  public static final SearchAttributeKey<String> REGION = SearchAttributeKey.forKeyword("Region");

  public static final List<SearchAttributeKey<String>> ALL =
      List.of(ECS_ID, IMAGE_ID, IMAGE_NAME, IMAGE_STATUS, TENANT_ID, REGION);

  private SearchAttributes() {}
}
