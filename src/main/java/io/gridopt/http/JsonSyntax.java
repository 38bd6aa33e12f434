package io.gridopt.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.vertx.core.json.DecodeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in our words where and why a request body is not JSON ("unexpected '}' at line 1, column 8:
 * expected a field name in double quotes"). The parser's own message names its internals (feature flags,
 * token classes, a redacted source) that mean nothing to an API client.
 */
final class JsonSyntax {
  private static final Pattern UNEXPECTED = Pattern.compile("^Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
  private static final Pattern CLOSE_MARKER = Pattern.compile("^Unexpected close marker '(.)'");
  private static final Pattern TOKEN = Pattern.compile("^(?:Unrecognized|Non-standard) token '(.{0,40}?)'");

  private JsonSyntax() {
  }

  /** The problem of a body that failed to parse, for the {@code body} field of a 400. */
  static String problem(DecodeException e) {
    return "is not valid JSON: " + (e.getCause() instanceof JsonProcessingException parse ? describe(parse)
        : "it cannot be read as JSON");
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "it is nested too deeply or holds a value too long to read (at most 1000 levels of nesting)";
    }
    String at = where(e.getLocation());
    if (e instanceof JsonEOFException) {
      return "the body ends" + at + " before the JSON is complete (a string, object or array is not closed)";
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher m = CLOSE_MARKER.matcher(message);
    if (m.find()) {
      return "unexpected '" + m.group(1) + "'" + at + ": it closes nothing that is open";
    }
    m = UNEXPECTED.matcher(message);
    if (m.find()) {
      String character = m.group(1).startsWith("(CTRL-CHAR") ? "control character" : "'" + m.group(1) + "'";
      return "unexpected " + character + at + expected(message);
    }
    if (message.startsWith("Illegal character")) {
      return "a control character" + at + " outside a string";
    }
    m = TOKEN.matcher(message);
    if (m.find()) {
      return "unexpected word '" + m.group(1) + "'" + wordStart(e.getLocation(), m.group(1).length())
          + ": strings need double quotes, numbers must be finite, and the only bare words are true, false and null";
    }
    if (message.startsWith("Invalid numeric value") || message.startsWith("Invalid number")) {
      return "a malformed number" + at + " (no leading zeros, digits after a decimal point)";
    }
    if (message.startsWith("Unexpected end-of-input")) {
      return "the body ends" + at + " before the JSON is complete";
    }
    return "malformed" + at;
  }

  private static String expected(String message) {
    if (message.contains("double-quote to start field name")) {
      return ": expected a field name in double quotes";
    }
    if (message.contains("comma to separate Object entries")) {
      return ": expected ',' between fields or '}' to close the object";
    }
    if (message.contains("comma to separate Array entries")) {
      return ": expected ',' between elements or ']' to close the array";
    }
    if (message.contains("colon to separate field name and value")) {
      return ": expected ':' after the field name";
    }
    if (message.contains("expected a valid value") || message.contains("expected a value")) {
      return ": expected a value (string, number, object, array, true, false or null)";
    }
    return "";
  }

  /** The parser stops after the word and the character that ended it: point at the word's first letter instead. */
  private static String wordStart(JsonLocation location, int length) {
    return location == null || location.getColumnNr() - length - 1 < 1 ? where(location)
        : " at line " + location.getLineNr() + ", column " + (location.getColumnNr() - length - 1);
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
