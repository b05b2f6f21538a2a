package dev.vkube.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file by renaming a finished temporary file over it, so a crash mid-write never leaves a
 * truncated key or certificate that the next start would fail on. Private files get mode 0600 from
 * creation on (kubeadm writes keys 0600), so a key is never readable by others, even briefly.
 */
final class AtomicFile {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFile() {}

  /** For keys and kubeconfigs: mode 0600 where the filesystem has POSIX permissions. */
  static void writePrivate(Path target, String content) {
    write(target, content, OWNER_ONLY);
  }

  /** For certificates and public keys: mode 0644, as kubeadm writes them. */
  static void writePublic(Path target, String content) {
    write(target, content, WORLD_READABLE);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path target, String content, Set<PosixFilePermission> mode) {
    Path dir = target.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp =
          posix
              ? Files.createTempFile(
                  dir,
                  "." + target.getFileName(),
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(OWNER_ONLY))
              : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      if (posix) {
        Files.setPosixFilePermissions(temp, mode);
      }
      move(temp, target);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Best effort: the write already failed and that is the error worth reporting. */
  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // the original failure is rethrown by the caller
    }
  }
}
