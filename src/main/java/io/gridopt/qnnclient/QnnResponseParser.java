package io.gridopt.qnnclient;

import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.QnnPrediction;
import io.gridopt.bus.RunMetrics;
import io.gridopt.domain.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Lenient reading of a QNN answer, whose public contract is only partly known: unwraps a
 * {@code {success, data}} envelope, finds the result under the usual names, and takes model id,
 * timing and device facts where present. Anything unusable is a 502.
 */
public final class QnnResponseParser {
  private static final List<String> RESULT_KEYS = List.of("result", "prediction", "predictions", "output", "outputs");

  private QnnResponseParser() {
  }

  /**
   * The prediction without mode and raw answer (the caller knows those).
   *
   * @param answer the parsed JSON answer of the QNN
   */
  public static QnnPrediction parse(JsonObject answer) {
    JsonObject body = answer;
    if (answer.getValue("success") instanceof Boolean success) {
      if (!success) {
        throw failure(answer.getValue("error"));
      }
      if (answer.getValue("data") instanceof JsonObject data) {
        body = data;
      }
    }
    JsonObject result = null;
    for (String key : RESULT_KEYS) {
      Object value = body.getValue(key);
      if (value instanceof JsonObject object) {
        result = object;
        break;
      }
      if (value instanceof JsonArray array) {
        // a bare list of predicted values: keep it under a neutral name, never reinterpret it
        result = new JsonObject().put("values", array);
        break;
      }
    }
    if (result == null) {
      throw new ServiceException(502, "qnn_bad_response",
          "QNN answer has no result (looked for " + String.join(", ", RESULT_KEYS) + ")");
    }
    Double executionTimeMs = number(body, "execution_time_ms", "execution_time");
    RunMetrics metrics = new RunMetrics(text(body, "device_used", "device"), integer(body, "circuit_depth"),
        integer(body, "n_qubits", "qubits"), executionTimeMs, number(body, "quantum_cost_usd", "cost_usd"),
        text(body, "solver"), integer(body, "iterations"), text(body, "node_id"));
    return new QnnPrediction(result, text(body, "model_id", "model"), null, executionTimeMs, metrics, null);
  }

  /**
   * An upstream error object: an infeasible problem (422) or a missing solver (501) keeps its
   * status and details; anything else is a bad QNN answer (502).
   */
  static ServiceException failure(Object error) {
    if (error instanceof JsonObject object) {
      ErrorBody body = ErrorBody.fromJson(object);
      if (body.status() == 422 || body.status() == 501) {
        return new ServiceException(body.status(), body.code(), body.message(), body.details(), null);
      }
      return new ServiceException(502, "qnn_bad_response", "QNN reported an error: " + body.message());
    }
    return new ServiceException(502, "qnn_bad_response", "QNN reported an error: " + error);
  }

  private static String text(JsonObject body, String... keys) {
    for (String key : keys) {
      Object v = body.getValue(key);
      if (v != null && !(v instanceof JsonObject) && !(v instanceof JsonArray)) {
        return v.toString();
      }
    }
    return null;
  }

  private static Double number(JsonObject body, String... keys) {
    for (String key : keys) {
      if (body.getValue(key) instanceof Number n && Double.isFinite(n.doubleValue())) {
        return n.doubleValue();
      }
    }
    return null;
  }

  private static Long integer(JsonObject body, String... keys) {
    Double d = number(body, keys);
    return d == null ? null : Math.round(d);
  }

}
