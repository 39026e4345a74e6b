package dev.emporium.monolith;

import java.util.List;
import java.util.Set;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.LoggingSystemProperties;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Logging is one per JVM (one Logback context), but every module's {@link org.springframework.boot.SpringApplication}
 * sets it up, and they start at the same time: unguarded, the second start resets Logback while the first is
 * configuring it ({@code ConcurrentModificationException}). Here the first module to start configures logging for the
 * JVM (all modules share emporium-defaults.yml and the {@code LOGGING_*} variables, so it does not matter which);
 * the others only add their {@code logging.level.*} settings. Cleaning up is left to the end of the JVM.
 */
final class OneLoggingSystem extends LoggingSystem {

    private final LoggingSystem logback;
    private boolean prepared;
    private boolean initialized;

    private OneLoggingSystem(LoggingSystem logback) {
        this.logback = logback;
    }

    @Override
    public synchronized void beforeInitialize() {
        if (!prepared) {
            prepared = true;
            logback.beforeInitialize();
        }
    }

    @Override
    public synchronized void initialize(LoggingInitializationContext context, String configLocation, LogFile logFile) {
        if (!initialized) {
            initialized = true;
            logback.initialize(context, configLocation, logFile);
        }
    }

    @Override
    public LoggingSystemProperties getSystemProperties(ConfigurableEnvironment environment) {
        return logback.getSystemProperties(environment);
    }

    @Override
    public void cleanUp() {
        // one module stopping must not take the JVM's logging with it
    }

    @Override
    public Runnable getShutdownHandler() {
        return logback.getShutdownHandler();
    }

    @Override
    public Set<LogLevel> getSupportedLogLevels() {
        return logback.getSupportedLogLevels();
    }

    @Override
    public synchronized void setLogLevel(String loggerName, LogLevel level) {
        logback.setLogLevel(loggerName, level);
    }

    @Override
    public List<LoggerConfiguration> getLoggerConfigurations() {
        return logback.getLoggerConfigurations();
    }

    @Override
    public LoggerConfiguration getLoggerConfiguration(String loggerName) {
        return logback.getLoggerConfiguration(loggerName);
    }

    /** Registered in META-INF/spring.factories ahead of Spring Boot's own: the same instance for every module. */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static final class Factory implements LoggingSystemFactory {

        private static OneLoggingSystem instance;

        @Override
        public LoggingSystem getLoggingSystem(ClassLoader classLoader) {
            synchronized (Factory.class) {
                if (instance == null) {
                    instance = new OneLoggingSystem(new LogbackLoggingSystem(classLoader));
                }
                return instance;
            }
        }
    }
}
