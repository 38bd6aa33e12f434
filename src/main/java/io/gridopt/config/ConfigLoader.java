package io.gridopt.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads {@code conf/config.json} (optional), then the environment, then system properties: later
 * stores win, so the environment overrides the file. (The default store order would let the file
 * override the environment.)
 */
public final class ConfigLoader {
  public static final String DEFAULT_FILE = "conf/config.json";

  private ConfigLoader() {
  }

  public static Future<JsonObject> load(Vertx vertx, String file) {
    JsonArray keys = new JsonArray();
    AppConfig.KEYS.forEach(keys::add);
    ResilienceConfig.KEYS.forEach(keys::add);
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(0)
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json").setOptional(true)
            .setConfig(new JsonObject().put("path", file)))
        .addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("keys", keys)))
        .addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("cache", false)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().eventually(retriever::close);
  }
}
