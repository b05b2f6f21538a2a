package dev.vkube.apiserver.codec;

import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The descriptors of every generated.proto that client-java-proto ships.
 *
 * <p>The jar has one outer class per Kubernetes API package ({@code V1}, {@code V1Apps}, {@code
 * Meta}, ...). Their descriptors only depend downwards (on meta, runtime, intstr), so no root
 * reaches them all; instead the package beside a known outer class is listed, which finds new API
 * groups after an upgrade without a hand-kept list. Works for the plain jar, the shaded server jar
 * and an exploded class directory.
 */
final class GeneratedProtoFiles {
  /** Any outer class of the jar; the others are found beside it. */
  private static final Class<?> ANCHOR = io.kubernetes.client.proto.Meta.class;

  private static final String PACKAGE_PATH = ANCHOR.getPackageName().replace('.', '/') + "/";

  private GeneratedProtoFiles() {}

  static List<FileDescriptor> load() {
    List<FileDescriptor> files = new ArrayList<>();
    for (String simpleName : outerClassNames()) {
      FileDescriptor file = descriptorOf(ANCHOR.getPackageName() + "." + simpleName);
      if (file != null) {
        files.add(file);
      }
    }
    return List.copyOf(files);
  }

  private static List<String> outerClassNames() {
    CodeSource source = ANCHOR.getProtectionDomain().getCodeSource();
    if (source == null) {
      throw new IllegalStateException("cannot locate the classes of " + ANCHOR.getName());
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      List<String> names = Files.isDirectory(location) ? inDirectory(location) : inJar(location);
      Collections.sort(names);
      return names;
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot list the classes beside " + ANCHOR.getName(), e);
    }
  }

  private static List<String> inJar(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(JarEntry::getName)
          .filter(GeneratedProtoFiles::isOuterClass)
          .map(name -> simpleName(name.substring(PACKAGE_PATH.length())))
          .collect(Collectors.toCollection(ArrayList::new));
    }
  }

  private static List<String> inDirectory(Path root) throws IOException {
    try (Stream<Path> paths = Files.list(root.resolve(PACKAGE_PATH))) {
      return paths
          .map(path -> path.getFileName().toString())
          .filter(name -> isOuterClass(PACKAGE_PATH + name))
          .map(GeneratedProtoFiles::simpleName)
          .collect(Collectors.toCollection(ArrayList::new));
    }
  }

  /** A top-level class directly in the package: nested classes have a {@code $} in their name. */
  private static boolean isOuterClass(String entry) {
    String rest = entry.startsWith(PACKAGE_PATH) ? entry.substring(PACKAGE_PATH.length()) : "/";
    return rest.endsWith(".class") && rest.indexOf('/') < 0 && rest.indexOf('$') < 0;
  }

  private static String simpleName(String fileName) {
    return fileName.substring(0, fileName.length() - ".class".length());
  }

  /** The FileDescriptor of a protoc outer class, or null for any other class. */
  private static FileDescriptor descriptorOf(String className) {
    try {
      Class<?> type = Class.forName(className, true, ANCHOR.getClassLoader());
      Method getter = type.getMethod("getDescriptor");
      boolean isOuter =
          Modifier.isStatic(getter.getModifiers())
              && getter.getReturnType() == FileDescriptor.class;
      return isOuter ? (FileDescriptor) getter.invoke(null) : null;
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the descriptor of " + className, e);
    }
  }
}
