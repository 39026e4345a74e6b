package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's headless Chromium through chromedriver) against the launched platform:
 * browse and search with the products' pictures, register, cart, checkout confirmed (the order page following its
 * event stream) and declined (the stream blocked: the page falls back to polling), a checkout with the keyboard only,
 * order history, an admin's new product with a picture (one refused file first) in the storefront and its stock split
 * available / reserved / sold, a customer kept out of the admin pages, the operations console with its sagas figures
 * and payments reconciliation, the analytics page with the suite's orders in its figures and charts. axe-core scans the
 * shop, product, cart, checkout, order, inbox, admin, operations and analytics pages. A screenshot of every page goes
 * to {@code target/screenshots}.
 */
final class BrowserSuite {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("EMPORIUM_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("EMPORIUM_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final String base;
    private final String adminEmail;
    private final String adminPassword;
    private final Path screenshots;
    static final String AXE_VERSION = System.getProperty("axe-core.version");

    private WebDriver browser;
    private String axe;
    private FluentWait<WebDriver> wait;

    BrowserSuite(int gatewayPort, String adminEmail, String adminPassword) throws IOException {
        this.base = "http://localhost:" + gatewayPort + "/";
        this.adminEmail = adminEmail;
        this.adminPassword = adminPassword;
        this.screenshots = Files.createDirectories(Path.of("target", "screenshots"));
    }

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    void run() throws Exception {
        Path profile = Files.createTempDirectory("emporium-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = waitUpTo(Duration.ofSeconds(30));
        try {
            browseAndSearch();
            String email = "web-" + System.nanoTime() + "@example.com";
            register(email);
            String confirmed = checkout("4242424242424242", "CONFIRMED");
            assertThat(browser.findElement(By.id("order-view")).getAttribute("data-live"))
                    .as("the order page followed the order through its event stream").isEqualTo("stream");
            assertThat(text(By.id("timeline"))).contains("PENDING").contains("CONFIRMED");
            // its payment beside it, from the gateway's composed answer
            wait.until(ExpectedConditions.textMatches(By.id("order-payments"), java.util.regex.Pattern.compile("card ending 4242")));
            accessible("order");
            screenshot("order-confirmed");
            withOrderStreamsBlocked(() -> checkout("4000000000000002", "REJECTED"));
            assertThat(browser.findElement(By.id("order-view")).getAttribute("data-live"))
                    .as("without its event stream, the order page asked every second instead").isEqualTo("polling");
            assertThat(text(By.id("failure"))).contains("declined");
            screenshot("order-declined");
            keyboardOnlyCheckout();
            orderHistory(confirmed);
            customerCannotOpenAdminPages();
            notifications();
            adminCreatesAProductCustomersFind();
            operationsConsole();
            analytics();
            phoneWidth();
        } finally {
            browser.quit();
        }
    }

    private void browseAndSearch() throws IOException {
        browser.get(base);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#results .product")));
        // every card shows a picture or, for a product without one (made by the other suites), the placeholder;
        // the demo catalog's products all have theirs
        wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("""
                const cards = [...document.querySelectorAll('#results .product')];
                const shown = (card) => { const img = card.querySelector('img.picture-thumb'); return img && img.complete && img.naturalWidth > 0; };
                const demo = cards.filter((card) => /^[A-Z]{3}-00[1-6]$/.test(card.dataset.sku));
                return demo.length > 0 && demo.every(shown)
                  && cards.every((card) => shown(card) || card.querySelector('.picture.placeholder') !== null);
                """));
        assertThat(browser.getTitle()).isEqualTo("Shop · Emporium");
        accessible("shop");
        screenshot("catalog");
        browser.findElement(By.id("search")).sendKeys("kettle");
        wait.until(d -> d.findElements(By.cssSelector("#results .product h2")).stream().map(WebElement::getText).toList()
                .equals(List.of("Pour-Over Coffee Kettle")));
        browser.findElement(By.linkText("Pour-Over Coffee Kettle")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Pour-Over Coffee Kettle"));
        WebElement picture = browser.findElement(By.cssSelector(".product-page img.picture-large"));
        assertThat(picture.getAttribute("alt")).isEqualTo("Pour-Over Coffee Kettle");
        wait.until(d -> allPicturesShown(".product-page img.picture-large") == 1);
        accessible("product");
        screenshot("product");
    }

    private void register(String email) throws IOException {
        browser.get(base + "#/register");
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("register-form")));
        form.findElement(By.id("field-name")).sendKeys("Web Shopper");
        form.findElement(By.id("field-email")).sendKeys(email);
        form.findElement(By.id("field-password")).sendKeys("web-shopper-password");
        screenshot("register");
        submit(form);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("nav-login")));
        assertThat(browser.findElement(By.id("logout")).isDisplayed()).isTrue();
    }

    /** Adds the kettle to the cart, checks out with the card and waits for the order page to show the outcome. */
    private String checkout(String card, String outcome) throws IOException {
        browser.get(base + "#/?q=kettle");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#results .product .add"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("cart-count"), "1"));
        browser.get(base + "#/cart");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cart-total"))).getText()).startsWith("Total: $");
        wait.until(d -> allPicturesShown(".lines img.picture-thumb") == 1);
        accessible("cart");
        screenshot("cart");
        browser.findElement(By.id("to-checkout")).click();
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checkout-form")));
        assertThat(form.getText()).contains("4242424242424242").contains("4000000000000002"); // the test cards are listed
        form.findElement(By.id("field-name")).sendKeys("Web Shopper");
        form.findElement(By.id("field-line1")).sendKeys("1 Browser Street");
        form.findElement(By.id("field-city")).sendKeys("Chromium");
        form.findElement(By.id("field-postalCode")).sendKeys("10101");
        form.findElement(By.id("field-cardNumber")).sendKeys(card);
        accessible("checkout");
        screenshot("checkout");
        form.findElement(By.id("place-order")).click();
        // the order page follows PENDING → outcome by itself, no reload
        waitUpTo(Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("order-status"), outcome));
        assertThat(browser.findElement(By.id("main")).getText()).as("no placeholder leaks into the page")
                .doesNotContain("null").doesNotContain("undefined");
        assertThat(browser.findElement(By.id("cart-count")).getText()).isEqualTo("0");
        return browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
    }

    private void orderHistory(String confirmedOrder) throws IOException {
        browser.get(base + "#/orders");
        String history = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("order-history"))).getText();
        assertThat(history).contains(confirmedOrder.substring(0, 8).toUpperCase()).contains("CONFIRMED").contains("REJECTED");
        screenshot("order-history");
    }

    private void customerCannotOpenAdminPages() throws IOException {
        assertThat(browser.findElements(By.cssSelector("a[href='#/admin/products']")).stream().noneMatch(WebElement::isDisplayed))
                .as("no admin link for a customer").isTrue();
        browser.get(base + "#/admin/products");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden"))).getText())
                .contains("administrators only");
        assertThat(browser.findElements(By.id("admin-products"))).isEmpty();
        screenshot("admin-forbidden");
        // the analytics page too: no link, and the same refusal when its address is typed (no figures asked for)
        assertThat(browser.findElements(By.cssSelector("a[href='#/admin/analytics']")).stream().noneMatch(WebElement::isDisplayed))
                .as("no analytics link for a customer").isTrue();
        WebElement refused = browser.findElement(By.id("forbidden"));
        browser.get(base + "#/admin/analytics");
        wait.until(ExpectedConditions.stalenessOf(refused));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden"))).getText())
                .contains("administrators only");
        assertThat(browser.findElements(By.id("analytics"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("Not allowed · Emporium");
        screenshot("analytics-forbidden");
    }

    /** The inbox after a reload: the session comes back from the tab's refresh token. */
    private void notifications() throws IOException {
        browser.get(base + "#/notifications");
        waitUpTo(Duration.ofSeconds(30)).pollingEvery(Duration.ofSeconds(2)).until(d -> {
            boolean arrived = !d.findElements(By.cssSelector("#inbox li[data-type='ORDER_CONFIRMED']")).isEmpty();
            if (!arrived) {
                d.navigate().refresh();
            }
            return arrived;
        });
        // the type in words, not the API's constant
        assertThat(browser.findElement(By.cssSelector("#inbox li[data-type='ORDER_CONFIRMED'] .kind")).getText())
                .isEqualTo("Order confirmed");
        assertThat(browser.findElement(By.id("logout")).isDisplayed()).as("still logged in after reloads").isTrue();
        accessible("inbox");
        screenshot("inbox");
    }

    private void adminCreatesAProductCustomersFind() throws IOException {
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-login"))).click();
        WebElement login = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
        login.findElement(By.id("field-email")).sendKeys(adminEmail);
        login.findElement(By.id("field-password")).sendKeys(adminPassword);
        submit(login);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
        browser.get(base + "#/admin/products");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("admin-products")));
        browser.findElement(By.cssSelector("#new-product summary")).click();
        WebElement form = browser.findElement(By.id("new-product-form"));
        String sku = "WEB-" + System.nanoTime();
        form.findElement(By.id("field-sku")).sendKeys(sku);
        form.findElement(By.id("field-name")).sendKeys("Browser Lantern");
        form.findElement(By.id("field-description")).sendKeys("Made in a browser test");
        form.findElement(By.id("field-category")).sendKeys("Home");
        form.findElement(By.id("field-price")).sendKeys("0");
        form.findElement(By.id("field-stock")).clear();
        form.findElement(By.id("field-stock")).sendKeys("5");
        submit(form);
        // the API's validation message, next to the field
        String priceError = wait.until(d -> {
            String message = d.findElement(By.id("error-price")).getText();
            return message.isBlank() ? null : message;
        });
        assertThat(priceError).isNotBlank();
        screenshot("admin-validation");
        WebElement price = browser.findElement(By.id("field-price"));
        price.clear();
        price.sendKeys("21.50");
        submit(browser.findElement(By.id("new-product-form")));
        wait.until(d -> d.findElements(By.cssSelector("#admin-products tr[data-sku='" + sku + "']")).size() == 1);
        accessible("admin products");
        screenshot("admin-products");
        // its stock three ways, from product-service's inventory: all 5 available, none held or sold yet
        browser.findElement(By.cssSelector("#admin-products tr[data-sku='" + sku + "'] button[aria-label='Edit Browser Lantern']")).click();
        wait.until(ExpectedConditions.textToBe(By.id("inventory-available"), "5"));
        assertThat(browser.findElement(By.id("inventory-reserved")).getText()).isEqualTo("0");
        assertThat(browser.findElement(By.id("inventory-sold")).getText()).isEqualTo("0");
        assertThat(browser.findElement(By.id("edit-product-form")).isDisplayed()).isTrue();
        screenshot("admin-product-inventory");
        uploadPicture();
        accessible("admin product");

        browser.get(base + "#/?q=lantern");
        wait.until(d -> d.findElements(By.cssSelector("#results .product h2")).stream().map(WebElement::getText)
                .anyMatch("Browser Lantern"::equals));
        wait.until(d -> allPicturesShown("#results .product[data-sku='" + sku + "'] img.picture-thumb") == 1);
        screenshot("admin-product-in-storefront");
        browser.get(base + "#/admin/orders");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("admin-orders")));
        screenshot("admin-orders");
        browser.get(base + "#/admin/users");
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("admin-users"))).getText()).contains(adminEmail);
        screenshot("admin-users");
    }

    private void operationsConsole() throws IOException {
        browser.get(base + "#/ops");
        wait.until(d -> d.findElements(By.id("ops-health")).size() == 1);
        String health = browser.findElement(By.id("ops-health")).getText();
        assertThat(health).contains("order-service").contains("UP");
        // each instance's central configuration version (config/ served by the config server)
        assertThat(health).contains("Config version").containsPattern("UP [0-9a-f]{12}");
        assertThat(browser.findElement(By.id("ops-funnel")).getText()).contains("Placed").contains("Confirmed");
        // this platform has taken orders (the checkout suite's and the browser's): the figures come from the services
        String sinceStart = browser.findElement(By.id("ops-since-start")).getText();
        assertThat(Integer.parseInt(sinceStart.split(" / ")[0])).as(sinceStart).isGreaterThan(0);
        assertThat(browser.findElement(By.id("main")).getText()).doesNotContain("null").doesNotContain("undefined");
        accessible("operations");
        screenshot("operations");
        // sagas and money in flight: every figure reported by its service (a dash would mean nobody reports it)
        assertThat(browser.findElement(By.id("ops-sagas")).getText()).contains("Sagas past their deadline");
        for (String figure : List.of("ops-sagas-active", "ops-sagas-overdue", "ops-intents-pending", "ops-stale-reservations")) {
            assertThat(browser.findElement(By.id(figure)).getText()).as(figure).matches("\\d+");
        }
        // the reconciliation report, on its own slower clock: the payments this suite just made were compared
        String checked = waitUpTo(Duration.ofSeconds(45)).until(d ->
                d.findElements(By.id("reconciliation-checked")).stream().map(WebElement::getText).findFirst().orElse(null));
        java.util.regex.Matcher count = java.util.regex.Pattern.compile("Checked (\\d+) payment").matcher(checked);
        assertThat(count.find()).as(checked).isTrue();
        assertThat(Integer.parseInt(count.group(1))).as(checked).isGreaterThan(0);
        WebElement reconciliation = browser.findElement(By.id("ops-reconciliation"));
        assertThat(browser.findElements(By.id("reconciliation-agree")).size()
                + browser.findElements(By.id("reconciliation-discrepancies")).size())
                .as("either every payment agrees or the discrepancies are listed: " + reconciliation.getText()).isEqualTo(1);
        assertThat(browser.findElements(By.id("reconciliation-pending"))).hasSize(1);
        assertThat(reconciliation.getText()).doesNotContain("null").doesNotContain("undefined");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView();", reconciliation);
        screenshot("operations-reconciliation");
    }

    /**
     * The analytics page (admin, still logged in from the operations console) after the suite's checkouts: the orders
     * are in its summary and the revenue chart has a bar. analytics-service learns of orders from their events, so it
     * may be a moment behind: the page's Refresh button asks again until they are there.
     */
    private void analytics() throws IOException {
        browser.get(base + "#/admin/analytics");
        waitUpTo(Duration.ofSeconds(60)).pollingEvery(Duration.ofSeconds(2)).until(d -> {
            if (analyticsShowOrders("last 7 days")) {
                return true;
            }
            List<WebElement> refresh = d.findElements(By.id("analytics-refresh"));
            if (!refresh.isEmpty() && !"true".equals(refresh.get(0).getAttribute("aria-disabled"))) {
                refresh.get(0).click();
            }
            return false;
        });
        assertThat(browser.getTitle()).isEqualTo("Analytics · Emporium");
        assertThat(browser.findElements(By.cssSelector("#analytics .error"))).as("every figure was read").isEmpty();
        assertThat(Integer.parseInt(browser.findElement(By.id("analytics-confirmed")).getText().replaceAll("\\D", "")))
                .as("the confirmed checkouts of this suite").isGreaterThan(0);
        assertThat(browser.findElement(By.id("analytics-revenue")).getText()).startsWith("$").isNotEqualTo("$0.00");
        assertThat(browser.findElement(By.id("analytics-rate")).getText()).matches("\\d+(\\.\\d)?%");
        // each chart an image with a summary of its figures, and the figures themselves in a table
        List<WebElement> charts = browser.findElements(By.cssSelector("#analytics svg[role='img']"));
        assertThat(charts).hasSize(3).allSatisfy(chart -> assertThat(chart.getAttribute("aria-label")).isNotBlank());
        assertThat(browser.findElements(By.cssSelector("#analytics figure table"))).hasSize(3);
        assertThat(browser.findElement(By.id("analytics-funnel")).getText()).contains("Placed").contains("Confirmed");
        assertThat(browser.findElements(By.cssSelector("#analytics-top-units tbody tr"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#analytics-top-revenue tbody tr"))).isNotEmpty();
        assertThat(browser.findElement(By.id("analytics-signups")).getTagName()).as("this suite's sign-up is counted").isEqualTo("table");
        assertThat(browser.findElements(By.id("analytics-out-of-stock"))).hasSize(1);
        assertThat(browser.findElement(By.id("main")).getText()).doesNotContain("null").doesNotContain("undefined").doesNotContain("NaN");
        accessible("analytics");
        screenshot("analytics");
        // the last 24 hours, hour by hour: the same orders
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("analytics-range"))).selectByValue("24h");
        wait.until(d -> analyticsShowOrders("last 24 hours"));
        assertThat(browser.getCurrentUrl()).endsWith("#/admin/analytics?range=24h");
        accessible("analytics, last 24 hours");
        screenshot("analytics-24h");
    }

    /** The analytics page has loaded the period (its summary's heading ends so) with an order placed and revenue drawn. */
    private boolean analyticsShowOrders(String period) {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript("""
                const placed = document.getElementById('analytics-placed');
                return document.getElementById('analytics')?.getAttribute('aria-busy') === 'false'
                  && (document.getElementById('analytics-summary-heading')?.textContent ?? '').endsWith(arguments[0])
                  && placed !== null && Number(placed.textContent.replace(/\\D/g, '')) >= 1
                  && document.querySelectorAll('#analytics-revenue-chart rect.bar').length >= 1;
                """, period));
    }

    private void phoneWidth() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(base + "#/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#results .product")));
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
        assertThat(overflow).as("no horizontal scrolling on a phone").isEqualTo(false);
        screenshot("catalog-phone");
    }

    /** How many of the matching pictures the browser has loaded and drawn (an image that failed has no natural width). */
    private long allPicturesShown(String selector) {
        Object shown = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])].filter(i => i.complete && i.naturalWidth > 0).length;", selector);
        return ((Number) shown).longValue();
    }

    /**
     * axe-core (the webjar from Maven Central) on the page as it is: no serious or critical violation of WCAG 2.1 A/AA
     * or of axe's best practices (one main landmark, content in landmarks, a level-one heading).
     * The script is injected by the driver, so the page's Content-Security-Policy stays as it is.
     */
    private void accessible(String page) throws IOException {
        if (axe == null) {
            try (var in = getClass().getResourceAsStream("/META-INF/resources/webjars/axe-core/" + AXE_VERSION + "/axe.min.js")) {
                assertThat(in).as("axe-core " + AXE_VERSION + " on the test class path").isNotNull();
                axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(axe);
        Object found = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
                  .then((result) => done(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)))
                  .catch((e) => done(['axe failed: ' + e]));
                """);
        assertThat((List<?>) found).as("serious or critical accessibility violations on the " + page + " page").isEmpty();
    }

    /** The order page without its event stream (the browser refuses the request): it must fall back to asking. */
    private void withOrderStreamsBlocked(ThrowingRunnable step) throws Exception {
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", java.util.Map.of());
        chrome.executeCdpCommand("Network.setBlockedURLs", java.util.Map.of("urls", List.of("*/events")));
        try {
            step.run();
        } finally {
            chrome.executeCdpCommand("Network.setBlockedURLs", java.util.Map.of("urls", List.of()));
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * A whole checkout with the keyboard only: Tab and Shift+Tab to each control (each showing where the focus is),
     * Enter to press, typing into the fields; the outcome announced by the order page's live region.
     */
    private void keyboardOnlyCheckout() throws IOException {
        browser.get(base + "#/?q=kettle");
        wait.until(d -> d.findElements(By.cssSelector("#results .product h2")).stream().map(WebElement::getText).toList()
                .equals(List.of("Pour-Over Coffee Kettle")));
        press(tabTo("button[aria-label='Add Pour-Over Coffee Kettle to cart']", Keys.TAB), Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("cart-count"), "1"));
        press(tabTo("#nav-cart", Keys.chord(Keys.SHIFT, Keys.TAB)), Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cart-total")));
        press(tabTo("#to-checkout", Keys.TAB), Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checkout-form")));
        for (String[] entry : new String[][] {{"#field-name", "Keyboard Shopper"}, {"#field-line1", "2 Tab Street"},
                {"#field-city", "Enter"}, {"#field-postalCode", "20202"}, {"#field-cardNumber", "4242424242424242"}}) {
            press(tabTo(entry[0], Keys.TAB), entry[1]);
        }
        press(tabTo("#place-order", Keys.TAB), Keys.ENTER);
        waitUpTo(Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("order-status"), "CONFIRMED"));
        assertThat(browser.findElement(By.id("order-live")).getAttribute("role")).isEqualTo("status");
        assertThat(browser.findElement(By.id("order-live")).getText()).isEqualTo("Order status: CONFIRMED");
        screenshot("keyboard-checkout");
    }

    /** Presses the key until the element matching the selector has the focus; every stop on the way shows its focus. */
    private WebElement tabTo(String selector, CharSequence key) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        for (int presses = 0; presses < 60; presses++) {
            new org.openqa.selenium.interactions.Actions(browser).sendKeys(key).perform();
            Object focused = js.executeScript("""
                    const e = document.activeElement;
                    if (!e || e === document.body) return null;
                    const style = getComputedStyle(e);
                    const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
                    return [e.matches(arguments[0]), visible, e.outerHTML.slice(0, 120)];
                    """, selector);
            if (focused instanceof List<?> state) {
                assertThat(state.get(1)).as("the focus is visible on " + state.get(2)).isEqualTo(true);
                if (Boolean.TRUE.equals(state.get(0))) {
                    return browser.switchTo().activeElement();
                }
            }
        }
        throw new AssertionError("Could not reach " + selector + " with the keyboard");
    }

    /** Presses keys on what has the focus (the element {@link #tabTo} just reached). */
    private void press(WebElement focused, CharSequence keys) {
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(keys).perform();
    }

    /** The admin gives the product a picture: a file that is not one is refused with the reason beside the field. */
    private void uploadPicture() throws IOException {
        Path notAPicture = Files.writeString(Files.createTempFile("not-a-picture-", ".png"), "just text, named like a picture");
        Path lantern = Files.createTempFile("lantern-", ".png");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(250, 240, 220));
        g.fillRect(0, 0, 640, 480);
        g.setColor(new java.awt.Color(200, 120, 20));
        g.fillRoundRect(250, 120, 140, 240, 40, 40);
        g.dispose();
        javax.imageio.ImageIO.write(image, "png", lantern.toFile());
        try {
            WebElement file = browser.findElement(By.id("field-image"));
            file.sendKeys(notAPicture.toAbsolutePath().toString());
            browser.findElement(By.cssSelector("#picture-form button[type=submit]")).click();
            String refused = wait.until(d -> {
                String message = d.findElement(By.id("error-image")).getText();
                return message.isBlank() ? null : message;
            });
            assertThat(refused).containsIgnoringCase("not a PNG");
            assertThat(browser.findElements(By.cssSelector("#product-picture img"))).as("still no picture").isEmpty();
            screenshot("admin-picture-refused");
            browser.findElement(By.id("field-image")).sendKeys(lantern.toAbsolutePath().toString());
            browser.findElement(By.cssSelector("#picture-form button[type=submit]")).click();
            wait.until(d -> allPicturesShown("#product-picture img.picture-large") == 1);
            assertThat(browser.findElement(By.id("error-image")).getText()).isBlank();
            screenshot("admin-picture");
        } finally {
            Files.deleteIfExists(notAPicture);
            Files.deleteIfExists(lantern);
        }
    }

    private void submit(WebElement form) {
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private String text(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by)).getText();
    }

    private void screenshot(String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /**
     * A wait that retries when the page re-renders under it: the storefront replaces its result list when a search or
     * a stock update answers, so an element found in one poll can be gone when its text is read.
     */
    private FluentWait<WebDriver> waitUpTo(Duration timeout) {
        return new WebDriverWait(browser, timeout).ignoring(StaleElementReferenceException.class);
    }
}
