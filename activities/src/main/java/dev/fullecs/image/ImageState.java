package dev.fullecs.image;

import java.util.List;

/** An image's status as a user sees it in the image list, with the AZs it can be used in. */
public record ImageState(String status, List<String> availableAzs) {}
