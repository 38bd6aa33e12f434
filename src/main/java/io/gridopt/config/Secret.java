package io.gridopt.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A token, key or password: its {@code toString} never shows the value, so it cannot leak into logs. */
public record Secret(String value) {
  public static final Secret NONE = new Secret(null);

  public static Secret of(String value) {
    return value == null || value.isBlank() ? NONE : new Secret(value);
  }

  public boolean isSet() {
    return value != null;
  }

  /** Constant-time comparison with a presented credential (no early exit on the first differing byte). */
  public boolean matches(String presented) {
    return isSet() && presented != null
        && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** True when an {@code Authorization} header is {@code Bearer <this secret>}. */
  public boolean matchesBearer(String authorizationHeader) {
    return authorizationHeader != null && authorizationHeader.startsWith("Bearer ")
        && matches(authorizationHeader.substring("Bearer ".length()).trim());
  }

  @Override
  public String toString() {
    return isSet() ? "****" : "(unset)";
  }
}
