package io.gridopt.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import io.gridopt.domain.ServiceException;
import io.gridopt.domain.ValidationException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Every failure kind a handler or a bus call can produce, and the error body an API client gets for it. */
class ErrorBodyTest {

  @Test
  void domainFailuresKeepTheirMeaning() {
    ErrorBody invalid = ErrorBody.from(new ValidationException("battery.capacity_kwh", "must be > 0"));
    assertThat(invalid).extracting(ErrorBody::status, ErrorBody::code).containsExactly(400, "validation_failed");
    assertThat(invalid.details()).containsExactly(new FieldError("battery.capacity_kwh", "must be > 0"));

    ErrorBody infeasible = ErrorBody.from(new InfeasibleException("soc_min_kwh", "above the capacity"));
    assertThat(infeasible).extracting(ErrorBody::status, ErrorBody::code, ErrorBody::message)
        .containsExactly(422, "infeasible", "soc_min_kwh: above the capacity");

    ErrorBody upstream = ErrorBody.from(new ServiceException(502, "qnn_bad_response", "QNN answered HTTP 500",
        List.of(), Map.of("status", 500, "body", "oops")));
    assertThat(upstream.status()).isEqualTo(502);
    assertThat(upstream.toHttpJson().containsKey("upstream")).as("the raw answer is never shown to clients").isFalse();
    assertThat(upstream.toJson().getJsonObject("upstream").getInteger("status")).isEqualTo(500);
  }

  @Test
  void busFailuresMapTo503And504AndOurJsonCrossesTheBusIntact() {
    assertThat(ErrorBody.from(new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address x")))
        .extracting(ErrorBody::status, ErrorBody::code).containsExactly(503, "unavailable");
    assertThat(ErrorBody.from(new ReplyException(ReplyFailure.TIMEOUT, "Timed out after waiting 10000(ms)")))
        .extracting(ErrorBody::status, ErrorBody::code).containsExactly(504, "timeout");
    assertThat(ErrorBody.from(new TimeoutException("QNN did not answer")))
        .extracting(ErrorBody::status, ErrorBody::code).containsExactly(504, "timeout");

    ErrorBody sent = new ErrorBody(422, "infeasible", "peak above the limit", List.of(new FieldError("load_kw", "too high")));
    ErrorBody received = ErrorBody.from(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 422, sent.toJson().encode()));
    assertThat(received).isEqualTo(sent);

    // a plain-text failure of a consumer that is not ours keeps its status
    assertThat(ErrorBody.from(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 404, "no such thing")))
        .extracting(ErrorBody::status, ErrorBody::code, ErrorBody::message).containsExactly(404, "not_found", "no such thing");
    assertThat(ErrorBody.from(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 7, "odd")).status()).isEqualTo(500);
  }

  @Test
  void anythingElseIs500WithoutLosingWhatHappened() {
    ErrorBody error = ErrorBody.from(new IllegalStateException("pool closed"));
    assertThat(error).extracting(ErrorBody::status, ErrorBody::code, ErrorBody::message)
        .containsExactly(500, "internal_error", "IllegalStateException: pool closed");
    assertThat(ErrorBody.fromJson(new JsonObject().put("status", 413)).code()).isEqualTo("body_too_large");
  }
}
