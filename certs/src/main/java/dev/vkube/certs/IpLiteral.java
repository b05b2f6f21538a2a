package dev.vkube.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.bouncycastle.util.IPAddress;

/**
 * Turns an IP address literal into an address without ever resolving a host name: {@link
 * InetAddress#getByName} would do a DNS lookup for anything that is not a literal, so the string is
 * checked first. Comparing parsed addresses makes "::1" equal to the "0:0:0:0:0:0:0:1" the JDK
 * reports for a certificate's SAN.
 */
final class IpLiteral {

  private IpLiteral() {}

  static InetAddress parse(String ip) {
    if (ip == null || !(IPAddress.isValidIPv4(ip) || IPAddress.isValidIPv6(ip))) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address literal: " + ip);
    }
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: " + ip, e);
    }
  }
}
