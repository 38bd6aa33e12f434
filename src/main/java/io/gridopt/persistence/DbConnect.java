package io.gridopt.persistence;

import io.gridopt.config.Timeouts;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;

/**
 * Builds connection options from a libpq-style URL ({@code postgresql://user:pass@host:port/db?sslmode=require})
 * as Supabase and most hosts print it. {@code verify-ca}/{@code verify-full} need a CA file; verify-full also
 * checks the host name.
 */
public final class DbConnect {
  private DbConnect() {
  }

  public static PgConnectOptions options(String url, String caPath) {
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      // never echo the URL: it may hold a password
      throw new IllegalArgumentException("GRIDOPT_DB_URL is not a valid postgresql:// URL");
    }
    SslMode mode = options.getSslMode() == null ? SslMode.DISABLE : options.getSslMode();
    if (mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL) {
      if (caPath == null) {
        throw new IllegalArgumentException("sslmode=" + mode.value + " needs GRIDOPT_DB_SSL_CA (a PEM CA file)");
      }
      ClientSSLOptions ssl = new ClientSSLOptions().setTrustOptions(new PemTrustOptions().addCertPath(caPath));
      if (mode == SslMode.VERIFY_FULL) {
        ssl.setHostnameVerificationAlgorithm("HTTPS");
      }
      options.setSslOptions(ssl);
    } else if (mode == SslMode.REQUIRE || mode == SslMode.PREFER || mode == SslMode.ALLOW) {
      // libpq semantics: encrypt but do not verify the server certificate
      options.setSslOptions(new ClientSSLOptions().setTrustAll(true).setHostnameVerificationAlgorithm(""));
    }
    return options.setPipeliningLimit(16);
  }

  /** TCP options of the pool: a dead database must fail fast, not hang a request. */
  public static NetClientOptions tcp() {
    return new NetClientOptions().setConnectTimeout((int) Timeouts.DB_CONNECT_MS);
  }

  /** host:port/db of the URL, safe to log. */
  public static String describe(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
    } catch (RuntimeException e) {
      return "(unparsable url)";
    }
  }
}
