package io.gridopt.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL (with pgvector, installed system-wide) in a temporary folder on a free
 * loopback port, for tests that must stop and start the database or turn on TLS without touching the
 * shared test database. Binaries come from {@code pg_config --bindir} or /usr/lib/postgresql/N/bin;
 * as root the server runs as the {@code postgres} user (PostgreSQL refuses to run as root).
 */
public final class ThrowawayPostgres implements AutoCloseable {
  private final Path dir;
  private final Path data;
  private final Path bin;
  private final int port;
  private final TlsFiles tls;
  private final Thread cleanup = new Thread(this::stopQuietly, "throwaway-postgres-stop");
  private boolean running;

  private ThrowawayPostgres(Path dir, Path bin, int port, TlsFiles tls) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.bin = bin;
    this.port = port;
    this.tls = tls;
  }

  /** initdb + start; with {@code tls}, the server accepts TLS connections only (hostnossl is rejected). */
  public static ThrowawayPostgres start(boolean tls) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("gridopt-pg-");
    TlsFiles files = tls ? TlsFiles.generate(dir.resolve("tls")) : null;
    ThrowawayPostgres pg = new ThrowawayPostgres(dir, binDir(), freePort(), files);
    if (isRoot()) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
    }
    pg.asServer(List.of(pg.bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "gridopt",
        "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
    pg.configure();
    Runtime.getRuntime().addShutdownHook(pg.cleanup);
    pg.start();
    return pg;
  }

  private void configure() throws IOException, InterruptedException {
    StringBuilder conf = new StringBuilder("\nlisten_addresses = '127.0.0.1'\nport = " + port
        + "\nunix_socket_directories = '" + dir + "'\nmax_connections = 50\n");
    String hba = "local all all trust\nhost all all 127.0.0.1/32 trust\n";
    if (tls != null) {
      conf.append("ssl = on\nssl_cert_file = '").append(tls.serverCert()).append("'\nssl_key_file = '")
          .append(tls.serverKey()).append("'\n");
      hba = "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n";
    }
    appendAsServer(data.resolve("postgresql.conf"), conf.toString(), false);
    appendAsServer(data.resolve("pg_hba.conf"), hba, true);
  }

  public synchronized void start() throws IOException, InterruptedException {
    asServer(List.of(bin.resolve("pg_ctl").toString(), "start", "-D", data.toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "-s"));
    running = true;
  }

  /** A fast shutdown: open connections are cut, committed transactions are kept. */
  public synchronized void stop() throws IOException, InterruptedException {
    asServer(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w", "-t",
        "60", "-s"));
    running = false;
  }

  /**
   * Freezes the server's postmaster (SIGSTOP): new connections are accepted by the kernel but never
   * answered, as a server too loaded to fork a backend; sessions already open keep working.
   */
  public void pause() throws IOException, InterruptedException {
    run(List.of("kill", "-STOP", postmasterPid()));
  }

  /** Lets a {@link #pause paused} postmaster run again. */
  public void resume() throws IOException, InterruptedException {
    run(List.of("kill", "-CONT", postmasterPid()));
  }

  private String postmasterPid() throws IOException {
    return Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip();
  }

  public int port() {
    return port;
  }

  /** The database URL, e.g. {@code postgresql://gridopt@127.0.0.1:PORT/postgres?sslmode=require}. */
  public String url(String sslMode) {
    return "postgresql://gridopt@127.0.0.1:" + port + "/postgres" + (sslMode == null ? "" : "?sslmode=" + sslMode);
  }

  public TlsFiles tls() {
    return tls;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private synchronized void stopQuietly() {
    if (running) {
      try {
        stop();
      } catch (IOException | InterruptedException | RuntimeException e) {
        System.err.println("could not stop the throwaway PostgreSQL in " + dir + ": " + e.getMessage());
      }
    }
  }

  private void asServer(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  private void appendAsServer(Path file, String text, boolean replace) throws IOException {
    if (replace) {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } else {
      Files.writeString(file, Files.readString(file) + text, StandardCharsets.UTF_8);
    }
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(Paths.get("/").toFile()).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The server binaries: pg_config's bindir when it has initdb, else the newest /usr/lib/postgresql/N/bin. */
  static Path binDir() throws IOException {
    try {
      Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.waitFor() == 0 && Files.isExecutable(Paths.get(out, "initdb"))) {
        return Paths.get(out);
      }
    } catch (IOException | InterruptedException e) {
      // fall back below
    }
    try (Stream<Path> versions = Files.list(Paths.get("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(() -> new IOException("no PostgreSQL server binaries (initdb) found"));
    }
  }
}
