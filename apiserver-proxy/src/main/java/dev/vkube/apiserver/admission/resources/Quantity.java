package dev.vkube.apiserver.admission.resources;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity (apimachinery resource.Quantity): an exact decimal with the format it was written
 * in, printed in canonical form ("1500m", "2k", "1Gi") because quota and limit messages show it.
 */
public record Quantity(BigDecimal value, Format format) implements Comparable<Quantity> {
  /** How the quantity prints: SI suffixes, binary suffixes or an exponent. */
  public enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

  public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);
  private static final Pattern SYNTAX = Pattern.compile("([+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+))([eE][+-]?[0-9]+|[a-zA-Z]*)");
  private static final BigInteger KI = BigInteger.valueOf(1024);
  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final Map<String, Integer> DECIMAL_EXPONENTS = Map.ofEntries(Map.entry("n", -9),
      Map.entry("u", -6), Map.entry("m", -3), Map.entry("", 0), Map.entry("k", 3), Map.entry("M", 6),
      Map.entry("G", 9), Map.entry("T", 12), Map.entry("P", 15), Map.entry("E", 18));

  public static Quantity of(long value) {
    return new Quantity(BigDecimal.valueOf(value), Format.DECIMAL_SI);
  }

  /** Parses "500m", "1Gi", "2e3"; throws IllegalArgumentException for anything else. */
  public static Quantity parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("quantities must match the regular expression "
          + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    int binary = java.util.Arrays.asList(BINARY).indexOf(suffix);
    if (binary > 0) {
      return new Quantity(number.multiply(new BigDecimal(KI.pow(binary))), Format.BINARY_SI).rounded();
    }
    if (!suffix.isEmpty() && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
      return new Quantity(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))), Format.DECIMAL_EXPONENT)
          .rounded();
    }
    Integer exponent = DECIMAL_EXPONENTS.get(suffix);
    if (exponent == null) {
      throw new IllegalArgumentException("unable to parse quantity's suffix");
    }
    return new Quantity(number.scaleByPowerOfTen(exponent), Format.DECIMAL_SI).rounded();
  }

  /** Nano is the finest precision kept; finer values round up (resource.Quantity does the same). */
  private Quantity rounded() {
    return value.scale() > 9 ? new Quantity(value.setScale(9, RoundingMode.CEILING), format) : this;
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  /** The sum, printed in this quantity's format unless this one is zero (Quantity.Add). */
  public Quantity add(Quantity other) {
    return new Quantity(value.add(other.value), isZero() ? other.format : format);
  }

  public Quantity subtract(Quantity other) {
    return new Quantity(value.subtract(other.value), isZero() ? other.format : format);
  }

  public Quantity max(Quantity other) {
    return compareTo(other) >= 0 ? this : other;
  }

  public boolean isInteger() {
    return value.stripTrailingZeros().scale() <= 0;
  }

  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && value.compareTo(q.value) == 0;
  }

  @Override
  public int hashCode() {
    return value.stripTrailingZeros().hashCode();
  }

  /** The canonical form (Quantity.String / CanonicalizeBytes). */
  @Override
  public String toString() {
    if (value.signum() == 0) {
      return "0";
    }
    if (format == Format.BINARY_SI && value.abs().compareTo(BigDecimal.valueOf(1024)) >= 0 && isInteger()) {
      BigInteger amount = value.toBigIntegerExact();
      int power = 0;
      while (power < BINARY.length - 1 && amount.mod(KI).signum() == 0) {
        amount = amount.divide(KI);
        power++;
      }
      return amount + BINARY[power];
    }
    BigDecimal stripped = value.stripTrailingZeros();
    int exponent = Math.max(-9, Math.min(18, Math.floorDiv(-stripped.scale(), 3) * 3));
    BigInteger mantissa = stripped.scaleByPowerOfTen(-exponent).setScale(0, RoundingMode.CEILING).toBigInteger();
    if (format == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    String suffix = DECIMAL_EXPONENTS.entrySet().stream().filter(e -> e.getValue() == exponent)
        .findFirst().orElseThrow().getKey();
    return mantissa + suffix;
  }
}
