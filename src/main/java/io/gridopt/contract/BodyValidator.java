package io.gridopt.contract;

import io.gridopt.domain.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Validates one operation's JSON body against its schema in the contract (vertx-json-schema, draft
 * 2020-12), at a cost that stays bounded for hostile bodies. A schema validator reports one error per
 * bad array element and takes tens of microseconds for each: 200,000 bad elements took 20 s of CPU.
 * So: (1) arrays over their {@code maxItems} are refused before any element is looked at; (2) a
 * stop-at-first-error pass decides valid/invalid; (3) only an invalid body is validated again for
 * details, with every array cut to its first {@link #SAMPLE} elements; (4) if the problem lies
 * beyond that, the first bad element of each long array is found element by element.
 */
final class BodyValidator {
  static final int SAMPLE = 100;
  private static final String BASE_URI = "https://gridopt.invalid/openapi.json";

  private final JsonObject schema;
  private final Validator flag;
  private final Validator basic;
  private final Map<JsonObject, Validator[]> itemValidators = new IdentityHashMap<>();

  /** @param schema the operation's body schema with every $ref inlined */
  BodyValidator(JsonObject schema) {
    this.schema = schema;
    this.flag = validator(schema, OutputFormat.Flag);
    this.basic = validator(schema, OutputFormat.Basic);
  }

  /** Inlines {@code $ref}s to {@code #/components/schemas/...} of the document (the contract has no cycles). */
  static JsonObject inline(JsonObject schema, JsonObject document) {
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> e : schema) {
      copy.put(e.getKey(), inlineValue(e.getValue(), document));
    }
    if (copy.getValue("$ref") instanceof String ref) {
      JsonObject target = document;
      for (String part : ref.substring(2).split("/")) {
        target = target.getJsonObject(part);
      }
      copy.remove("$ref");
      inline(target, document).forEach(e -> copy.put(e.getKey(), e.getValue()));
    }
    return copy;
  }

  private static Object inlineValue(Object value, JsonObject document) {
    if (value instanceof JsonObject object) {
      return inline(object, document);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(v -> copy.add(inlineValue(v, document)));
      return copy;
    }
    return value;
  }

  /** Every problem of the body (empty when valid), reported at most once per field. */
  List<OutputUnit> problems(Object body, List<FieldError> oversized) {
    arrays(body, schema, "", (path, array) -> {
      JsonObject arraySchema = array.schema();
      if (arraySchema.getValue("maxItems") instanceof Number max && array.values().size() > max.intValue()) {
        oversized.add(new FieldError(RequestBodies.fieldPath(path), "has " + array.values().size()
            + " items, at most " + max.intValue() + " allowed"));
      }
    });
    if (!oversized.isEmpty() || flag.validate(body).getValid()) {
      return List.of();
    }
    List<OutputUnit> sampled = errors(basic.validate(truncated(body)));
    if (!sampled.isEmpty()) {
      return sampled;
    }
    List<OutputUnit> deep = new ArrayList<>();
    arrays(body, schema, "", (path, array) -> {
      if (array.values().size() <= SAMPLE || !(array.schema().getValue("items") instanceof JsonObject items)
          || !deep.isEmpty()) {
        return;
      }
      Validator[] v = itemValidators.computeIfAbsent(items,
          s -> new Validator[] {validator(s, OutputFormat.Flag), validator(s, OutputFormat.Basic)});
      for (int i = SAMPLE; i < array.values().size() && deep.isEmpty(); i++) {
        Object element = array.values().getValue(i);
        if (!v[0].validate(element).getValid()) {
          for (OutputUnit error : errors(v[1].validate(element))) {
            deep.add(new OutputUnit(path + "/" + i + error.getInstanceLocation().replaceFirst("^#", ""),
                error.getAbsoluteKeywordLocation(), error.getKeywordLocation(), error.getError(),
                error.getErrorType()));
          }
        }
      }
    });
    return deep.isEmpty() ? errors(basic.validate(body)) : deep;
  }

  private static List<OutputUnit> errors(OutputUnit result) {
    if (result.getValid()) {
      return List.of();
    }
    return result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
  }

  /** An array of the body with the schema that applies to it. */
  private record SchemaArray(JsonArray values, JsonObject schema) {
  }

  /** Visits every array of the instance that the schema describes, with its JSON pointer. */
  private static void arrays(Object instance, JsonObject schema, String pointer, BiConsumer<String, SchemaArray> visit) {
    if (instance instanceof JsonObject object && schema.getValue("properties") instanceof JsonObject properties) {
      for (Map.Entry<String, Object> e : object) {
        if (properties.getValue(e.getKey()) instanceof JsonObject child) {
          arrays(e.getValue(), child, pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), visit);
        }
      }
    } else if (instance instanceof JsonArray array) {
      visit.accept(pointer, new SchemaArray(array, schema));
      boolean withinLimit = !(schema.getValue("maxItems") instanceof Number max) || array.size() <= max.intValue();
      if (withinLimit && schema.getValue("items") instanceof JsonObject items
          && (items.containsKey("properties") || items.containsKey("items"))) {
        for (int i = 0; i < array.size(); i++) {
          arrays(array.getValue(i), items, pointer + "/" + i, visit);
        }
      }
    }
  }

  /** A copy with every array cut to its first {@link #SAMPLE} elements. */
  private static Object truncated(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      object.forEach(e -> copy.put(e.getKey(), truncated(e.getValue())));
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      for (int i = 0; i < Math.min(SAMPLE, array.size()); i++) {
        copy.add(truncated(array.getValue(i)));
      }
      return copy;
    }
    return value;
  }

  private static Validator validator(JsonObject schema, OutputFormat format) {
    return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri(BASE_URI).setOutputFormat(format));
  }
}
