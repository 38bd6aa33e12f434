package io.gridopt.http;

import io.gridopt.bus.ErrorBody;
import io.gridopt.domain.FieldError;
import io.gridopt.problem.RequestReader;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API contract ({@code openapi.json} on the classpath, OpenAPI 3.1) and the request validation
 * that enforces it, so that the document and the behaviour cannot drift: every request whose path and
 * method are in the document is checked against it (parameters and body) before any handler runs.
 * Failures become our error shape, one {@code details} entry per bad field (dotted path, {@code [i]}
 * for array elements). Requests for paths not in the document pass through to the router (404/405).
 * The solvers' own validators remain the second line: they check cross-field rules (equal lengths,
 * min &lt;= max) that JSON Schema cannot express.
 */
public final class OpenApiContract {
  public static final String RESOURCE = "/openapi.json";
  /** A body with thousands of bad array elements is reported by its first few problems. */
  static final int MAX_DETAILS = 20;
  private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
  private static final Pattern UNKNOWN = Pattern.compile("^Property \"([^\"]+)\" does not match additional");
  /** "Property "battery" does not match schema": a summary of the nested errors listed beside it. */
  private static final Pattern SUMMARY = Pattern.compile("^Property \"[^\"]+\" does not match schema$");

  private final OpenAPIContract contract;
  private final RequestValidatorImpl validator;
  private final Buffer document;
  private final Map<String, BodyValidator> bodies = new HashMap<>();

  private OpenApiContract(Vertx vertx, OpenAPIContract contract, Buffer document) {
    this.contract = contract;
    this.validator = new RequestValidatorImpl(vertx, contract);
    this.document = document;
    JsonObject raw = new JsonObject(document);
    for (Operation operation : contract.operations()) {
      if (operation.getRequestBody() != null) {
        JsonObject schema = raw.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
            .getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT)).getJsonObject("requestBody")
            .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
        bodies.put(operation.getOperationId(), new BodyValidator(BodyValidator.inline(schema, raw)));
      }
    }
  }

  /** Reads and checks the document (it must be a valid OpenAPI 3.1 document, or start-up fails). */
  public static Future<OpenApiContract> load(Vertx vertx) {
    return vertx.executeBlocking(OpenApiContract::readDocument)
        .compose(text -> OpenAPIContract.from(vertx, new JsonObject(text))
            .map(contract -> new OpenApiContract(vertx, contract, text)));
  }

  static Buffer readDocument() {
    try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
              ApiResponses.error(ctx, rejection(ar.result().problems()));
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
    List<FieldError> oversized = new ArrayList<>();
    List<OutputUnit> errors = bodies.get(operation.getOperationId()).problems(body, oversized);
    oversized.forEach(f -> problems.putIfAbsent(f.field(), f));
    schemaProblems(errors, problems);
    if (problems.isEmpty()) {
      RequestReader.nulCharacters(body, "body", problems);
    }
    return body;
  }

  /**
   * The library's errors as field problems. It also reports summaries beside the detailed errors
   * ("Items did not match schema", "Property "x" does not match schema"), and flags a known property
   * whose value is invalid a second time as not matching {@code additionalProperties}: those are dropped,
   * so "unknown field" is said only of a field with no other problem under it.
   */
  private static void schemaProblems(List<OutputUnit> errors, Map<String, FieldError> problems) {
    Map<String, FieldError> found = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (OutputUnit error : errors) {
      String message = error.getError() == null ? "is invalid" : error.getError();
      String field = fieldPath(error.getInstanceLocation());
      Matcher required = REQUIRED.matcher(message);
      if (required.find()) {
        field = join(field, required.group(1));
        found.putIfAbsent(field, new FieldError(field, "is required"));
      } else if (UNKNOWN.matcher(message).find()) {
        unknown.add(field);
      } else if (!SUMMARY.matcher(message).matches() && !message.equals("Items did not match schema")
          && !message.startsWith("Instance does not match any subschemas")
          && !message.startsWith("Instance does not match every subschema") && !message.contains("false schema")) {
        found.putIfAbsent(field, new FieldError(field, message));
      }
    }
    for (String field : unknown) {
      boolean invalidKnownField = found.keySet().stream().anyMatch(f -> f.equals(field)
          || f.startsWith(field + ".") || f.startsWith(field + "["));
      if (!invalidKnownField) {
        found.putIfAbsent(field, new FieldError(field, "is not a field of this request (unknown fields are rejected)"));
      }
    }
    found.forEach(problems::putIfAbsent);
    if (problems.isEmpty() && !errors.isEmpty()) {
      problems.put("body", new FieldError("body", String.valueOf(errors.get(errors.size() - 1).getError())));
    }
  }

  private static OutputUnit mostRelevant(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    return errors == null || errors.isEmpty() ? result : errors.get(errors.size() - 1);
  }

  static ErrorBody rejection(List<FieldError> problems) {
    List<FieldError> shown = problems.size() > MAX_DETAILS ? problems.subList(0, MAX_DETAILS) : problems;
    FieldError first = problems.get(0);
    String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
    return new ErrorBody(400, "validation_failed", first.field() + ": " + first.problem() + more, shown);
  }

  /** JSON pointer ({@code /battery/capacity_kwh}, {@code /load_kw/3}) to our dotted form ({@code load_kw[3]}). */
  static String fieldPath(String pointer) {
    StringBuilder path = new StringBuilder();
    for (String raw : (pointer == null ? "" : pointer.replaceFirst("^#", "")).split("/")) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (token.isEmpty()) {
        continue;
      }
      if (token.chars().allMatch(Character::isDigit)) {
        path.append('[').append(token).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(token);
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }

  private static String join(String parent, String child) {
    return parent.equals("body") ? child : parent + "." + child;
  }
}
