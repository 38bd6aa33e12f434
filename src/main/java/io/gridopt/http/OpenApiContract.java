package io.gridopt.http;

import io.gridopt.bus.ErrorBody;
import io.gridopt.contract.RequestBodies;
import io.gridopt.domain.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API contract ({@code openapi.json} on the classpath, OpenAPI 3.1) and the request validation
 * that enforces it, so that the document and the behaviour cannot drift: every request whose path and
 * method are in the document is checked against it (parameters and body) before any handler runs,
 * except the body of a run submission: the runs role checks that with the same {@link RequestBodies}, for
 * HTTP and bus submissions alike, so it is checked once. Failures become our error shape, one
 * {@code details} entry per bad field (dotted path, {@code [i]} for array elements). Requests for paths
 * not in the document pass through to the router (404/405).
 * The solvers' own validators remain the second line: they check cross-field rules (equal lengths,
 * min &lt;= max) that JSON Schema cannot express.
 */
public final class OpenApiContract {
  public static final String RESOURCE = RequestBodies.RESOURCE;

  private final OpenAPIContract contract;
  private final RequestValidatorImpl validator;
  private final Buffer document;
  private final RequestBodies bodies;

  private OpenApiContract(Vertx vertx, OpenAPIContract contract, Buffer document) {
    this.contract = contract;
    this.validator = new RequestValidatorImpl(vertx, contract);
    this.document = document;
    this.bodies = new RequestBodies(new JsonObject(document));
  }

  /** Reads and checks the document (it must be a valid OpenAPI 3.1 document, or start-up fails). */
  public static Future<OpenApiContract> load(Vertx vertx) {
    return vertx.executeBlocking(OpenApiContract::readDocument)
        .compose(text -> OpenAPIContract.from(vertx, new JsonObject(text))
            .map(contract -> new OpenApiContract(vertx, contract, text)));
  }

  static Buffer readDocument() {
    return RequestBodies.readDocument();
  }

  /** The document as served at {@code /openapi.json}. */
  public Buffer document() {
    return document;
  }

  public OpenAPIContract contract() {
    return contract;
  }

  /** The operation for a concrete path and method, or null when the document has none. */
  public Operation operation(String path, HttpMethod method) {
    return contract.findOperation(path, method);
  }

  /**
   * Route handler (after the body handler): validates the request against its operation, on a worker
   * thread because a body may hold arrays of tens of thousands of numbers.
   */
  public Handler<RoutingContext> validator(Vertx vertx) {
    return ctx -> {
      Operation operation = contract.findOperation(ctx.normalizedPath(), ctx.request().method());
      if (operation == null) {
        ctx.next();
        return;
      }
      Buffer body = ctx.body().buffer();
      RequestUtils.extract(ctx.request(), operation, () -> Future.succeededFuture(body))
          .compose(request -> vertx.executeBlocking(() -> problems(operation, request, body), false))
          .onComplete(ar -> {
            if (ar.failed()) {
              ApiResponses.error(ctx, ErrorBody.from(ar.cause()));
            } else if (ar.result().problems().isEmpty()) {
              if (ar.result().body() != null) {
                ctx.put(VALID_BODY, ar.result().body());
              }
              ctx.next();
            } else {
              // the request never reaches its route: name it for the HTTP metrics (route label)
              ctx.request().routed(operation.getOpenAPIPath().replaceAll("\\{([^}]+)}", ":$1"));
              ApiResponses.error(ctx, RequestBodies.rejection(ar.result().problems()));
            }
          });
    };
  }

  /** Every problem of a request: each parameter on its own (so all are reported), then the body. */
  /** What validation found: the problems, and the body as decoded for it (the route uses it, not a decode of its own). */
  private record Checked(List<FieldError> problems, Object body) {
  }

  /** The request body as validation decoded it, in the routing context of a valid request. */
  static final String VALID_BODY = "gridopt.validBody";

  private Checked problems(Operation operation, ValidatableRequest request, Buffer body) {
    Map<String, FieldError> problems = new LinkedHashMap<>();
    Object decoded = null;
    for (Parameter parameter : operation.getParameters()) {
      RequestParameter value = switch (parameter.getIn()) {
        case PATH -> request.getPathParameters().get(parameter.getName());
        case QUERY -> request.getQuery().get(parameter.getName());
        case HEADER -> request.getHeaders().get(parameter.getName());
        case COOKIE -> request.getCookies().get(parameter.getName());
      };
      try {
        validator.validateParameter(parameter, value);
      } catch (ValidatorException e) {
        String problem = e instanceof SchemaValidationException s ? mostRelevant(s.getOutputUnit()).getError()
            : e.getMessage();
        problems.putIfAbsent(parameter.getName(), new FieldError(parameter.getName(), problem));
      }
    }
    if (operation.getRequestBody() != null) {
      decoded = bodyProblems(operation, body, problems);
    }
    return new Checked(new ArrayList<>(problems.values()), decoded);
  }


  /** We speak JSON only: a body is read as JSON whatever Content-Type the client sent (curl -d sends a form type). */
  private Object bodyProblems(Operation operation, Buffer raw, Map<String, FieldError> problems) {
    if (raw == null || raw.length() == 0) {
      if (operation.getRequestBody().isRequired()) {
        problems.put("body", new FieldError("body", "is required: a JSON object"));
      }
      return null;
    }
    Object body;
    try {
      body = Json.decodeValue(raw);
    } catch (DecodeException e) {
      problems.put("body", new FieldError("body", JsonSyntax.problem(e)));
      return null;
    }
    boolean runRequest = RequestBodies.runType(operation.getOpenAPIPath()).isPresent() && body instanceof JsonObject;
    if (!runRequest) {
      // a run's body is checked by the runs role, which every submission goes through (HTTP or bus): once
      bodies.problems(operation.getHttpMethod().name(), operation.getOpenAPIPath(), body)
          .forEach(f -> problems.putIfAbsent(f.field(), f));
    }
    return body;
  }

  private static OutputUnit mostRelevant(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    return errors == null || errors.isEmpty() ? result : errors.get(errors.size() - 1);
  }
}
