package io.gridopt.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Readable API docs at {@code /docs}: Swagger UI from its webjar (org.webjars:swagger-ui, served from
 * the jar, nothing fetched at run time) showing {@code /openapi.json}.
 */
final class ApiDocs {
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

  private ApiDocs() {
  }

  static void mount(Router router) {
    Buffer page = Buffer.buffer(read("/docs/index.html"));
    router.get("/docs").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(page));
    router.get("/docs/*").handler(StaticHandler.create(WEBJAR + version()).setCachingEnabled(true));
  }

  /** The webjar's version, so that a dependency upgrade needs no code change. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is missing from the classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
