package io.gridopt.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.bus.ErrorBody;
import io.gridopt.domain.ServiceException;
import io.gridopt.domain.ValidationException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The error body of every way a database operation fails, without a database: a database that is not there
 * (or not now) is 503 {@code database_unavailable}, which a client retries; a statement it refused is a bug (500).
 */
class DbFailuresTest {

  private static ErrorBody answered(Throwable failure) {
    return ErrorBody.from(DbFailures.guard(Future.failedFuture(failure)).cause());
  }

  @Test
  void aDatabaseThatIsNotThereIs503WithTheReasonInOneLine() {
    ErrorBody refused = answered(new ConnectException("Connection refused: /127.0.0.1:5432"));
    assertThat(refused).extracting(ErrorBody::status, ErrorBody::code, ErrorBody::message).containsExactly(503,
        "database_unavailable", "database unavailable (ConnectException: Connection refused: /127.0.0.1:5432)");
    for (String sqlState : new String[] {"08006", "57P01", "53300"}) {
      ErrorBody notNow = answered(new PgException("terminating connection\nDETAIL: admin shutdown", "FATAL",
          sqlState, null));
      assertThat(notNow).as(sqlState).extracting(ErrorBody::status, ErrorBody::code)
          .containsExactly(503, "database_unavailable");
      assertThat(notNow.message()).as("the first line only").doesNotContain("DETAIL");
      assertThat(DbFailures.isTransient(new PgException("x", "FATAL", sqlState, null))).isTrue();
    }
  }

  @Test
  void aRefusedStatementIsABugAndOurOwnFailuresKeepTheirMeaning() {
    PgException undefinedTable = new PgException("relation \"optimization_runz\" does not exist", "ERROR", "42P01",
        null);
    ErrorBody bug = answered(undefinedTable);
    assertThat(bug).extracting(ErrorBody::status, ErrorBody::code).containsExactly(500, "internal_error");
    assertThat(DbFailures.isTransient(undefinedTable)).as("trying again cannot help").isFalse();

    assertThat(answered(new ServiceException(404, "not_found", "no run with id x")))
        .extracting(ErrorBody::status, ErrorBody::code, ErrorBody::message).containsExactly(404, "not_found",
            "no run with id x");
    assertThat(answered(new ValidationException("cursor", "is not a cursor of this list")))
        .extracting(ErrorBody::status, ErrorBody::code).containsExactly(400, "validation_failed");
  }

  @Test
  void aFailedTlsHandshakeAtStartNamesTheSettingAndNeverThePassword() {
    Throwable tls = DbFailures.atStart(new IllegalStateException("connect failed",
        new SSLHandshakeException("PKIX path building failed")), "postgresql://gridopt:s3cret@db.example:5432/gridopt");
    assertThat(tls.getMessage()).contains("TLS handshake failed (PKIX path building failed)", "GRIDOPT_DB_SSL_CA")
        .doesNotContain("s3cret");
    assertThat(DbFailures.isTransient(new SSLHandshakeException("PKIX path building failed"))).isFalse();
  }
}
