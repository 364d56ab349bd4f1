package dev.fullecs.contract;

/** An image tag in the image service's documented format (validated by {@link dev.fullecs.validation.CreationValidator}). */
public record Tag(String key, String value) {}
