package dev.emporium.launcher;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The launcher's terminal: one writer for the merged, colored, service-prefixed log stream and the
 * launcher's own messages, so lines from different processes never interleave mid-line.
 */
final class Console {

    private static final List<String> PALETTE = List.of("\u001b[36m", "\u001b[32m", "\u001b[33m", "\u001b[35m",
            "\u001b[34m", "\u001b[96m", "\u001b[92m", "\u001b[93m", "\u001b[95m");
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    /** Service log lines with this marker reach the console even during start-up (e.g. the admin password). */
    static final String NOTICE = "EMPORIUM NOTICE";

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final boolean color;
    private final boolean interactive;
    private volatile boolean echoServiceLogs;

    Console(boolean color, boolean interactive) {
        this.color = color;
        this.interactive = interactive;
    }

    static Console detect() {
        boolean tty = isTerminal(System.console());
        boolean noColor = System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"));
        return new Console(tty && !noColor, tty);
    }

    /**
     * JDK 22+ returns a console even when output is redirected and says so through isTerminal(), which
     * the JDK 21 API this is compiled against does not have; on 21 a non-null console is a terminal.
     */
    private static boolean isTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    boolean interactive() {
        return interactive;
    }

    void echoServiceLogs(boolean echo) {
        this.echoServiceLogs = echo;
    }

    /** A line a service printed; shown once the platform is up (start-up shows the status board instead). */
    void serviceLine(String instance, int colorIndex, String line) {
        if (!echoServiceLogs && !line.contains(NOTICE)) {
            return;
        }
        String prefix = String.format("%-22s|", instance);
        synchronized (out) {
            out.println(color ? PALETTE.get(colorIndex % PALETTE.size()) + prefix + RESET + " " + line : prefix + " " + line);
        }
    }

    void info(String message) {
        print(color ? BOLD + "emporium" + RESET + " | " + message : "emporium | " + message);
    }

    void error(String message) {
        print(color ? RED + BOLD + "emporium" + RESET + RED + " | " + message + RESET : "emporium | " + message);
    }

    /** Prints a block in place of the previous one of the same height (interactive terminals only). */
    void redraw(List<String> lines, int previousHeight) {
        synchronized (out) {
            if (previousHeight > 0) {
                out.print("\u001b[" + previousHeight + "F\u001b[J");
            }
            lines.forEach(out::println);
        }
    }

    void print(String line) {
        synchronized (out) {
            out.println(line);
        }
    }
}
