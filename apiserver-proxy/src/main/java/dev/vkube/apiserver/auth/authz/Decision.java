package dev.vkube.apiserver.auth.authz;

/** An authorizer's answer and why (the reason goes into the 403 message when not empty). */
public record Decision(Kind kind, String reason) {
  public enum Kind { ALLOW, DENY, NO_OPINION }

  public static final Decision NO_OPINION = new Decision(Kind.NO_OPINION, "");

  public static Decision allow(String reason) {
    return new Decision(Kind.ALLOW, reason);
  }

  public static Decision deny(String reason) {
    return new Decision(Kind.DENY, reason);
  }

  public boolean allowed() {
    return kind == Kind.ALLOW;
  }
}
