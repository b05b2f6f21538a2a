package dev.vkube.apiserver.auth.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenFileAuthenticatorTest {
  static final List<String> API = List.of(AuthenticationOptions.DEFAULT_ISSUER);

  static UserInfo user(TokenFileAuthenticator file, String token) {
    return file.authenticate(token, API).orElseThrow().user();
  }

  @Test
  void readsTheKubeApiserverCsvFormat() {
    TokenFileAuthenticator file = TokenFileAuthenticator.parse("tokens.csv",
        "t1,alice,1001,\"devs,ops\"\nt2,bob,1002\n\nt3,\"carol, the \"\"admin\"\"\",1003,system:masters\r\n");
    UserInfo alice = user(file, "t1");
    assertEquals("alice", alice.name());
    assertEquals("1001", alice.uid());
    assertEquals(List.of("devs", "ops"), alice.groups());
    assertEquals(List.of(), user(file, "t2").groups());
    assertEquals("carol, the \"admin\"", user(file, "t3").name());
    assertEquals(List.of("system:masters"), user(file, "t3").groups());
    assertTrue(file.authenticate("t4", API).isEmpty());
  }

  @Test
  void emptyTokensAreSkippedAndLaterDuplicatesWin() {
    TokenFileAuthenticator file = TokenFileAuthenticator.parse("f", ",nobody,0\nt,first,1\nt,second,2\n");
    assertEquals("second", user(file, "t").name());
    assertTrue(file.authenticate("", API).isEmpty());
  }

  @Test
  void fewerThanThreeColumnsStopsTheServer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenFileAuthenticator.parse("tokens.csv", "t1,alice\n"));
    assertEquals("token file 'tokens.csv' must have at least 3 columns (token, user name, user uid), found 2",
        e.getMessage());
  }

  @Test
  void staticTokensAreOnlyForTheApiServerAudience() {
    TokenAuthenticator file = TokenAuthenticator.audienceAgnostic(API,
        TokenFileAuthenticator.parse("f", "t,alice,1\n"));
    assertTrue(file.authenticate("t", API).isPresent());
    assertTrue(file.authenticate("t", List.of("other")).isEmpty());
  }
}
