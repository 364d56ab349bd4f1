package dev.fullecs.contract;

/** When a step started and how long it took (workflow time, milliseconds). */
public record StepTiming(String step, long startedAtMillis, long durationMillis) {}
