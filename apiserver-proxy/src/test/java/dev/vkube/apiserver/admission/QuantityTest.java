package dev.vkube.apiserver.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vkube.apiserver.admission.resources.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical forms from apimachinery's quantity_test.go, rewritten as a table. */
class QuantityTest {
  @ParameterizedTest
  @CsvSource({"500m,500m", "0.5,500m", "1000,1k", "1500,1500", "1.5,1500m", "2,2", "1024Mi,1Gi", "1Gi,1Gi",
      "512Mi,512Mi", "100,100", "1e3,1e3", "1.5e3,1500", "0,0", "1000000,1M", "1Ki,1Ki", "1023,1023", "0.1Ki,102400m",
      "1k,1k", "128974848,128974848", "129e6,129e6", "129M,129M", "123Mi,123Mi", "1n,1n", "0.0000000001,1n"})
  void printsCanonically(String in, String out) {
    assertEquals(out, Quantity.parse(in).toString());
  }

  @ParameterizedTest
  @CsvSource({"1Gi,1Gi,2Gi", "500m,500m,1", "1,1,2", "0,1Gi,1Gi", "100m,1,1100m"})
  void addsInTheFirstFormat(String a, String b, String sum) {
    assertEquals(sum, Quantity.parse(a).add(Quantity.parse(b)).toString());
  }

  @ParameterizedTest
  @CsvSource({"abc", "1X", "''", "1.2.3"})
  void rejectsGarbage(String in) {
    assertThrows(IllegalArgumentException.class, () -> Quantity.parse(in));
  }
}
