package dev.vkube.apiserver.controllers.cluster.service;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The --service-cluster-ip-range as offsets: offset 0 is the first usable address (network + 1, the
 * {@code kubernetes} service's), the network and (IPv4) broadcast addresses are never used. Large IPv6
 * ranges are capped like upstream's bitmap allocator.
 */
public record ServiceCidr(String cidr, BigInteger network, int addressBytes, int size) {
  static final int MAX_SIZE = 1 << 20;

  public static ServiceCidr parse(String cidr) {
    String[] parts = cidr.trim().split("/");
    try {
      byte[] bytes = InetAddress.getByName(parts[0]).getAddress();
      int prefix = Integer.parseInt(parts[1]);
      int hostBits = bytes.length * 8 - prefix;
      BigInteger mask = BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE);
      BigInteger network = new BigInteger(1, bytes).andNot(mask);
      BigInteger total = BigInteger.ONE.shiftLeft(hostBits);
      BigInteger usable = total.subtract(BigInteger.valueOf(bytes.length == 4 ? 2 : 1));
      int size = usable.min(BigInteger.valueOf(MAX_SIZE)).max(BigInteger.ZERO).intValue();
      return new ServiceCidr(cidr.trim(), network, bytes.length, size);
    } catch (UnknownHostException | RuntimeException e) {
      throw new IllegalArgumentException("invalid --service-cluster-ip-range " + cidr, e);
    }
  }

  public boolean ipv6() {
    return addressBytes == 16;
  }

  /** The offset of {@code ip}, or -1 when it is outside the usable range. */
  public int offset(InetAddress ip) {
    if (ip.getAddress().length != addressBytes) {
      return -1;
    }
    BigInteger delta = new BigInteger(1, ip.getAddress()).subtract(network).subtract(BigInteger.ONE);
    return delta.signum() < 0 || delta.compareTo(BigInteger.valueOf(size)) >= 0 ? -1 : delta.intValue();
  }

  public String address(int offset) {
    byte[] raw = network.add(BigInteger.valueOf(offset + 1L)).toByteArray();
    byte[] bytes = new byte[addressBytes];
    int copy = Math.min(raw.length, addressBytes);
    System.arraycopy(raw, raw.length - copy, bytes, addressBytes - copy, copy);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code kubernetes} service's address: the first usable one. */
  public String first() {
    return address(0);
  }
}
