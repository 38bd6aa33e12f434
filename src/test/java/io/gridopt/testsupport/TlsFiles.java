package io.gridopt.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-signed test CA, a server certificate it signed for localhost and 127.0.0.1, and a second,
 * unrelated CA (to prove that verification really fails with the wrong one). Made with openssl.
 */
public record TlsFiles(Path caCert, Path serverCert, Path serverKey, Path otherCaCert) {

  public static TlsFiles generate(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path ca = dir.resolve("ca.crt");
    Path caKey = dir.resolve("ca.key");
    Path other = dir.resolve("other-ca.crt");
    Path crt = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    Path csr = dir.resolve("server.csr");
    Path ext = dir.resolve("server.ext");
    Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n", StandardCharsets.UTF_8);
    newCa(ca, caKey, "gridopt test CA");
    newCa(other, dir.resolve("other-ca.key"), "some other CA");
    ThrowawayPostgres.run(List.of("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
        "-out", csr.toString(), "-subj", "/CN=localhost"));
    ThrowawayPostgres.run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey",
        caKey.toString(), "-CAcreateserial", "-out", crt.toString(), "-days", "2", "-sha256", "-extfile",
        ext.toString()));
    // PostgreSQL refuses a key readable by others
    ThrowawayPostgres.run(List.of("chmod", "600", key.toString()));
    return new TlsFiles(ca, crt, key, other);
  }

  private static void newCa(Path cert, Path key, String name) throws IOException, InterruptedException {
    ThrowawayPostgres.run(List.of("openssl", "req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
        key.toString(), "-out", cert.toString(), "-days", "2", "-sha256", "-subj", "/CN=" + name,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
  }
}
