package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.auth.UserInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * --token-auth-file (k8s.io/apiserver authentication/token/tokenfile): a CSV of
 * `token,user,uid[,"group1,group2"]`, read once at start; a malformed file stops the server.
 */
public final class TokenFileAuthenticator implements TokenAuthenticator {
  private final Map<String, UserInfo> tokens;

  TokenFileAuthenticator(Map<String, UserInfo> tokens) {
    this.tokens = Map.copyOf(tokens);
  }

  public static TokenFileAuthenticator read(Path file) {
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read token file " + file + ": " + e.getMessage(), e);
    }
  }

  /** NewCSV: empty tokens are skipped, a later duplicate wins, the 4th column splits on commas. */
  static TokenFileAuthenticator parse(String name, String csv) {
    Map<String, UserInfo> tokens = new HashMap<>();
    for (List<String> record : Csv.records(csv)) {
      if (record.size() < 3) {
        throw new IllegalArgumentException("token file '" + name + "' must have at least 3 columns (token, user name,"
            + " user uid), found " + record.size());
      }
      if (record.get(0).isEmpty()) {
        continue;
      }
      List<String> groups = record.size() >= 4 ? List.of(record.get(3).split(",", -1)) : List.of();
      tokens.put(record.get(0), new UserInfo(record.get(1), record.get(2), groups, Map.of()));
    }
    return new TokenFileAuthenticator(tokens);
  }

  @Override
  public Optional<Response> authenticate(String token, List<String> audiences) {
    UserInfo user = tokens.get(token);
    return user == null ? Optional.empty() : Optional.of(new Response(user, List.of()));
  }

  /** Go's encoding/csv with FieldsPerRecord = -1: quoted fields with "" escapes, blank lines skipped. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> records(String text) {
      List<List<String>> records = new ArrayList<>();
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean fieldStarted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"' && field.length() == 0) {
          quoted = true;
          fieldStarted = true;
        } else if (c == ',') {
          record.add(field.toString());
          field.setLength(0);
          fieldStarted = true;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          endRecord(records, record, field, fieldStarted);
          record = new ArrayList<>();
          fieldStarted = false;
        } else {
          field.append(c);
          fieldStarted = true;
        }
      }
      if (quoted) {
        throw new IllegalArgumentException("token file: extraneous or missing \" in quoted-field");
      }
      endRecord(records, record, field, fieldStarted);
      return records;
    }

    private static void endRecord(List<List<String>> records, List<String> record, StringBuilder field,
        boolean fieldStarted) {
      if (!fieldStarted && record.isEmpty()) {
        return;
      }
      record.add(field.toString());
      field.setLength(0);
      records.add(record);
    }
  }
}
