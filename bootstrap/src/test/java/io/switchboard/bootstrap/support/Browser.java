package io.switchboard.bootstrap.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Headless Chromium for the browser tests (Debian's {@code chromium} and {@code chromium-driver}; .ci/run installs
 * them), with a fresh profile and without the background traffic that makes it slow on a closed network.
 * Override the paths with {@code CHROMIUM_BINARY} and {@code CHROMEDRIVER}.
 */
public final class Browser implements AutoCloseable {
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        String binary = System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!new File(binary).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("the browser tests need Chromium and its driver: apt-get install -y "
                    + "chromium chromium-driver (or set CHROMIUM_BINARY and CHROMEDRIVER)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("sb-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    public String text(String id) {
        return find(id).getText();
    }

    public void type(String id, String text) {
        WebElement e = find(id);
        e.clear();
        e.sendKeys(text);
    }

    public void click(String id) {
        find(id).click();
    }

    /** Runs {@code script} as an async function body; it returns a value through {@code done(value)}. */
    public Object async(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];\n(async () => {\n" + script
                        + "\n})().catch(e => done('ERROR ' + (e && e.stack || e)));", args);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public byte[] screenshot() {
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind
            }
        }
    }
}
