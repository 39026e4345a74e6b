package dev.emporium.monolith;

import java.io.IOException;
import java.io.InputStream;
import java.io.File;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Gives each module the auto-configurations its service has as a process, and no other. Auto-configuration follows
 * the classpath, and here the classpath is every module's: without this filter notification-service would get the
 * outbox of the services that have one (and its Kafka message converter, which changes how its listeners read
 * records), the servlet services Spring Cloud Gateway, the reactive gateway Tomcat and a DataSource.
 *
 * <p>Each service's build writes the jars of its runtime classpath to {@code META-INF/emporium/<service>.classpath}
 * (the root pom's {@code module-classpath} execution); an auto-configuration whose jar is not among them is
 * filtered out. Jars are compared by artifact, not version, so a version the monolith's dependency resolution
 * chose differently does not matter. Outside the monolith ({@code emporium.module} unset) it filters nothing.
 *
 * <p>Boot asks the filter about every configuration class it processes, one at a time, so the module's artifacts and
 * each class's jar are looked up once per class loader and remembered: uncached, this filter was a third of the
 * monolith's start-up CPU (a JFR profile: re-reading the classpath list and resolving class resources).
 */
public final class ModuleAutoConfigurations implements AutoConfigurationImportFilter, EnvironmentAware, BeanClassLoaderAware {

    /** The module whose context is starting; set by {@link Module#settings}. */
    static final String MODULE = "emporium.module";

    private static final Pattern JAR = Pattern.compile("([^/!]+)\\.jar!/");
    private static final Pattern VERSION = Pattern.compile("-\\d.*$");

    /** Per class loader: each module's artifacts, and the artifact each class was loaded from. */
    private static final Map<ClassLoader, Lookups> LOOKUPS = Collections.synchronizedMap(new WeakHashMap<>());

    private record Lookups(Map<String, Set<String>> modules, Map<String, Optional<String>> classes) {
    }

    private String module;
    private ClassLoader classLoader;

    @Override
    public void setEnvironment(Environment environment) {
        module = environment.getProperty(MODULE);
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] match = new boolean[autoConfigurationClasses.length];
        if (module == null) {
            Arrays.fill(match, true);
            return match;
        }
        Lookups lookups = LOOKUPS.computeIfAbsent(classLoader,
                loader -> new Lookups(new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
        Set<String> artifacts = lookups.modules().computeIfAbsent(module, name -> artifactsOf(name, classLoader));
        for (int i = 0; i < match.length; i++) {
            String candidate = autoConfigurationClasses[i];
            match[i] = candidate == null || lookups.classes().computeIfAbsent(candidate, this::ownArtifact)
                    .map(artifacts::contains).orElse(true);
        }
        return match;
    }

    private Optional<String> ownArtifact(String className) {
        URL location = classLoader.getResource(className.replace('.', '/') + ".class");
        return location == null ? Optional.empty() : artifactOfJar(location.toString());
    }

    /** The artifact of the innermost jar in a class's URL ({@code .../lib/spring-boot-jdbc-4.0.7.jar!/...}). */
    static Optional<String> artifactOfJar(String url) {
        Matcher jar = JAR.matcher(url);
        String last = null;
        while (jar.find()) {
            last = jar.group(1);
        }
        return Optional.ofNullable(last).map(ModuleAutoConfigurations::artifact);
    }

    /** {@code spring-boot-jdbc-4.0.7} → {@code spring-boot-jdbc}; {@code h2-2.4.240} → {@code h2}. */
    static String artifact(String jarName) {
        return VERSION.matcher(jarName.replaceFirst("\\.jar$", "")).replaceFirst("");
    }

    /** A jar, or a reactor module's {@code <module>/target/classes} (a build that stopped before packaging). */
    private static Optional<String> artifactOfEntry(File entry) {
        if (entry.getName().endsWith(".jar")) {
            return Optional.of(artifact(entry.getName()));
        }
        File target = entry.getParentFile();
        return entry.getName().equals("classes") && target != null && target.getName().equals("target")
                && target.getParentFile() != null ? Optional.of(target.getParentFile().getName()) : Optional.empty();
    }

    /** The artifacts of the module's runtime classpath as its build listed them. */
    static Set<String> artifactsOf(String module, ClassLoader classLoader) {
        String resource = "META-INF/emporium/" + module + ".classpath";
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the classpath: build the service with its"
                        + " module-classpath execution (root pom)");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.stream(classpath.split("[" + File.pathSeparator + "\\s]+")).map(File::new)
                    .map(ModuleAutoConfigurations::artifactOfEntry).flatMap(Optional::stream)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
