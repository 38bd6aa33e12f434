package io.gridopt.domain;

/**
 * One problem with one field of a request, e.g. {@code ("battery.capacity_kwh", "must be >= 0")}.
 * Field paths are dotted, with {@code [i]} for array elements.
 */
public record FieldError(String field, String problem) {
}
