package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigWriterTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CertificateAuthority CA =
      CertificateAuthority.create(
          "kubernetes", Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));
  private static final IssuedCertificate ADMIN =
      CA.issue(LeafSpec.client("kubernetes-admin", List.of("system:masters")));

  @TempDir Path dir;

  private final KubeconfigSpec adminSpec =
      KubeconfigSpec.withClientCertificate(
          "vkube",
          "https://127.0.0.1:6443",
          Pem.encode(CA.certificate()),
          "kubernetes-admin",
          ADMIN.certificatePem(),
          ADMIN.privateKeyPem());

  @Test
  void dataFieldsAreSingleLineBase64ThatScriptsCanGrep() {
    String yaml = KubeconfigWriter.render(adminSpec);
    Matcher ca = Pattern.compile("(?m)^ *certificate-authority-data: *([^ ]*)$").matcher(yaml);
    assertTrue(ca.find(), yaml);
    assertEquals(Pem.encode(CA.certificate()), decode(ca.group(1)));
    for (String field : List.of("client-certificate-data", "client-key-data")) {
      assertTrue(
          Pattern.compile("(?m)^    " + field + ": [A-Za-z0-9+/=]+$").matcher(yaml).find(), field);
    }
  }

  @Test
  void renderedClientCertificateConfigParsesBackToSamePems() throws Exception {
    JsonNode config = YAML.readTree(KubeconfigWriter.render(adminSpec));
    assertEquals("v1", config.path("apiVersion").asText());
    assertEquals("Config", config.path("kind").asText());
    JsonNode cluster = config.path("clusters").get(0);
    assertEquals("vkube", cluster.path("name").asText());
    assertEquals("https://127.0.0.1:6443", cluster.path("cluster").path("server").asText());
    assertEquals(
        Pem.encode(CA.certificate()),
        decode(cluster.path("cluster").path("certificate-authority-data").asText()));
    JsonNode context = config.path("contexts").get(0);
    assertEquals("kubernetes-admin@vkube", context.path("name").asText());
    assertEquals("vkube", context.path("context").path("cluster").asText());
    assertEquals("kubernetes-admin", context.path("context").path("user").asText());
    assertEquals("kubernetes-admin@vkube", config.path("current-context").asText());
    JsonNode user = config.path("users").get(0);
    assertEquals("kubernetes-admin", user.path("name").asText());
    assertEquals(
        ADMIN.certificatePem(), decode(user.path("user").path("client-certificate-data").asText()));
    assertEquals(ADMIN.privateKeyPem(), decode(user.path("user").path("client-key-data").asText()));
    assertEquals(
        ADMIN.privateKey(),
        Pem.readPrivateKey(decode(user.path("user").path("client-key-data").asText())));
  }

  @Test
  void tokenConfigCarriesTokenAndNoClientCertificate() throws Exception {
    KubeconfigSpec spec =
        KubeconfigSpec.withToken(
            "vkube",
            "https://127.0.0.1:6443",
            Pem.encode(CA.certificate()),
            "ci-bot",
            "abcdef.0123456789abcdef");
    JsonNode user = YAML.readTree(KubeconfigWriter.render(spec)).path("users").get(0).path("user");
    assertEquals("abcdef.0123456789abcdef", user.path("token").asText());
    assertTrue(user.path("client-certificate-data").isMissingNode());
  }

  @Test
  void namesThatYamlWouldRetypeAreQuotedAndReadBackAsStrings() throws Exception {
    KubeconfigSpec spec =
        KubeconfigSpec.withToken(
            "true",
            "https://127.0.0.1:6443",
            Pem.encode(CA.certificate()),
            "system:serviceaccount:default:ci # x",
            "0123: \"quoted\"");
    JsonNode config = YAML.readTree(KubeconfigWriter.render(spec));
    assertTrue(config.path("clusters").get(0).path("name").isTextual());
    assertEquals("true", config.path("clusters").get(0).path("name").asText());
    assertEquals(
        "system:serviceaccount:default:ci # x", config.path("users").get(0).path("name").asText());
    assertEquals(
        "0123: \"quoted\"", config.path("users").get(0).path("user").path("token").asText());
  }

  @Test
  void writeCreatesOwnerOnlyFileWithRenderedContent() throws Exception {
    Path file = dir.resolve("nested/admin.conf");
    KubeconfigWriter.write(file, adminSpec);
    assertEquals(KubeconfigWriter.render(adminSpec), Files.readString(file));
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void specRequiresExactlyOneKindOfCredential() {
    String ca = Pem.encode(CA.certificate());
    assertThrows(
        IllegalArgumentException.class,
        () -> new KubeconfigSpec("c", "https://s", ca, "u", null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new KubeconfigSpec("c", "https://s", ca, "u", "cert", null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new KubeconfigSpec("c", "https://s", ca, "u", "cert", "key", "token"));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
