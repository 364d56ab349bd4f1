package dev.fullecs.cloud;

/** Who a token acts for: {@code kind} is tenant or service. */
public record WhoAmI(String tenant, String kind) {}
