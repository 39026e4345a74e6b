package dev.emporium.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;

/** The metric names the provisioned dashboards and the alert rules query, read out of their PromQL. */
final class DashboardMetrics {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern MATCHER = Pattern.compile("\\b[a-zA-Z_][a-zA-Z0-9_]*\\s*(?:=~|!~|!=|=)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    /** An identifier with an underscore that is not a function call. */
    private static final Pattern NAME = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*_[a-zA-Z0-9_:]*)\\b(?!\\s*\\()");
    private static final Pattern ALERT_EXPR = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$");

    private DashboardMetrics() {
    }

    static Set<String> used(Path deploy) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> dashboards = Files.list(deploy.resolve("grafana/dashboards"))) {
            for (Path dashboard : dashboards.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (String expr : JsonPath.<List<String>>read(Files.readString(dashboard), "$..expr")) {
                    names.addAll(in(expr));
                }
            }
        }
        Matcher alerts = ALERT_EXPR.matcher(Files.readString(deploy.resolve("prometheus/alerts.yml")));
        while (alerts.find()) {
            names.addAll(in(alerts.group(1)));
        }
        return names;
    }

    static Set<String> in(String promQl) {
        String bare = STRING.matcher(promQl).replaceAll("\"\"");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = MATCHER.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }
}
