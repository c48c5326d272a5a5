package dev.mail2case.ops;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static dev.mail2case.support.TestApp.count;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver) against the running
 * application: sign-in, the Unassigned view, a case page, a download, resending a failed delivery,
 * replaying quarantined mail, and mail HTML that tries to run script. Skipped, saying why, when no
 * Chromium is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");
    private static final byte[] PLAN = "%PDF-1.4 floor plan, boiler room marked".getBytes(StandardCharsets.US_ASCII);

    private final TestMailServer mail = new TestMailServer();
    private Mail2CaseApp app;
    private Properties settings;
    private String site;
    private WebDriver browser;
    private WebDriverWait wait;
    private Path downloads;
    private Path profile;
    private long heating;
    private long hostile;

    private String missing;

    @BeforeAll
    void startAppAndBrowser() throws Exception {
        missing = !Files.isExecutable(Path.of(CHROMIUM)) ? CHROMIUM
                : !Files.isExecutable(Path.of(CHROMEDRIVER)) ? CHROMEDRIVER : null;
        if (missing != null) {
            System.out.println("ConsoleBrowserTest SKIPPED: " + missing + " is not installed "
                    + "(apt-get install chromium chromium-driver; .ci/run does this)");
            return;
        }

        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        site = "http://127.0.0.1:" + settings.getProperty("camel.server.port");
        settings.setProperty("mail2case.server-url", site);
        app = Mail2CaseApp.start(settings);

        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress("marc@contoso.example", "Marc Dubois"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject("Broken heating");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("The heating in room 4 is cold. Plan attached.", "UTF-8");
        MimeBodyPart plan = new MimeBodyPart();
        plan.setContent(PLAN, "application/pdf");
        plan.setFileName("floor-plan.pdf");
        m.setContent(new MimeMultipart(text, plan));
        mail.send(m);

        MimeMessage evil = new MimeMessage(mail.session());
        evil.setFrom(new InternetAddress("eve@attacker.example", "<script>window.pwned=1</script>Eve"));
        evil.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        evil.setSubject("<img src=x onerror=\"window.pwned=2\">Invoice");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText("<b onmouseover=\"window.pwned=3\">see the HTML</b>", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Your invoice</p><script>window.parent.pwned=4;parent.document.title='HACKED'</script>"
                + "<img src=\"x\" onerror=\"window.parent.pwned=5\"><a href=\"javascript:window.parent.pwned=6\">pay</a>",
                "text/html; charset=utf-8");
        evil.setContent(new MimeMultipart("alternative", plain, html));
        mail.send(evil);
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 2);
        heating = Recorded.firstCaseWithSubject(app, "Broken heating").number();
        hostile = count(app, "SELECT number FROM cases WHERE subject LIKE '%Invoice'");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMailsWithStatus(app, "SENT", "NOT_SENT", "BLOCKED") >= 2);

        downloads = Files.createTempDirectory("console-downloads");
        profile = Files.createTempDirectory("console-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn();
    }

    /** Each test is reported as skipped, with the reason, when there is no browser to drive. */
    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(missing == null, () -> "skipped: the console's browser tests need " + missing
                + " (Debian packages chromium and chromium-driver)");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        mail.close();
    }

    private void signIn() {
        browser.get(site + "/");
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        token.sendKeys("not-the-token-at-all");
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("sign-in-error"), "That token is not valid."));
        token.clear();
        token.sendKeys(TestApp.OPERATOR_TOKEN);
        token.submit();
        wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed in as alice"));
    }

    @Test
    void signingInKeepsTheTokenOutOfTheAddressAndOutOfScriptsReach() {
        browser.get(site + "/");
        wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed in as alice"));
        assertFalse(browser.getCurrentUrl().contains(TestApp.OPERATOR_TOKEN), browser.getCurrentUrl());
        String cookies = (String) ((JavascriptExecutor) browser).executeScript("return document.cookie");
        assertFalse(cookies.contains("mail2case_session"), "the session cookie is HttpOnly: " + cookies);
        assertEquals("", browser.findElement(By.id("token")).getDomProperty("value"));
        assertEquals("token", browser.findElement(By.cssSelector("label[for=token]")).getDomAttribute("for"));
    }

    @Test
    void aNewCaseWaitsInUnassignedAndOpensFromThereWithItsCommentAndAttachment() throws Exception {
        browser.get(site + "/");
        long unassigned = Recorded.openUnassignedCases(app);
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Unassigned (" + unassigned + ")"))).click();
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.linkText("#" + heating)));
        assertTrue(browser.findElement(By.tagName("table")).getText().contains("Broken heating"));
        shot("unassigned");
        link.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#view h1"), "Broken heating"));
        assertEquals(site + "/cases/" + heating, browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("main")).getText().contains("The heating in room 4 is cold."));
        shot("case");

        browser.findElement(By.linkText("floor-plan.pdf")).click();
        Path file = downloads.resolve("floor-plan.pdf");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file) && Files.size(file) == PLAN.length);
        assertArrayEquals(PLAN, Files.readAllBytes(file));
    }

    @Test
    void theCaseLinkOfStaffMailOpensTheCasePage() throws Exception {
        TestApp.execute(app, "INSERT INTO resources (name, email) VALUES ('Facilities', 'facilities-desk@agency.example')");
        assertEquals(200, TestApp.api(settings, "POST", "/cases/" + heating + "/forward",
                "{\"resource\": \"Facilities\"}").statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("facilities-desk@agency.example").length == 1);
        String text = TestMailServer.text(mail.receivedBy("facilities-desk@agency.example")[0]);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("Open it: (\\S+)").matcher(text);
        assertTrue(link.find(), text);
        assertEquals(site + "/cases/" + heating, link.group(1));
        browser.get(link.group(1));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#view h1"), "#" + heating));
        assertTrue(browser.findElement(By.cssSelector("#view h1")).getText().contains("Broken heating"));
        assertTrue(browser.findElement(By.linkText("Raw mail (.eml)")).getDomAttribute("href")
                .startsWith("/api/cases/" + heating + "/mails/"));
    }

    @Test
    void unregisteredSendersHaveTheirOwnViewWithTheirCount() {
        browser.get(site + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText("Unregistered users"))).click();
        long unregistered = Recorded.unregisteredCases(app);
        assertTrue(unregistered >= 2);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-counts"),
                unregistered + " from unregistered senders in the last 7 days"));
        assertTrue(browser.findElement(By.tagName("table")).getText().contains("Broken heating"));
    }

    @Test
    void aFailedDeliveryShowsWhyAndIsResentFromTheGrid() {
        long caseId = Recorded.caseNumbered(app, heating).id();
        TestApp.execute(app, "INSERT INTO outbox (event_key, event, case_id, recipient, sender, subject, body_text, "
                + "message_id, auto_submitted, status, attempts, next_attempt_at, created_at, last_error) VALUES "
                + "('console-failed', 'case-assigned', " + caseId + ", 'facilities@agency.example', "
                + "'support@mail2case.test', 'New case for you: Broken heating', 'Please look.', '<failed@test>', "
                + "'auto-generated', 'FAILED', 10, now(), now(), '452 4.2.2 mailbox over quota')");
        long id = Recorded.outboxMailOfEventKey(app, "console-failed").id();
        browser.get(site + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Deliveries"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"),
                "452 4.2.2 mailbox over quota"));
        WebElement grid = browser.findElements(By.tagName("table")).get(1);
        assertTrue(grid.getText().contains("FAILED"), grid.getText());
        shot("deliveries");
        browser.findElement(By.cssSelector("button[data-resend='" + id + "']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Resend of mail " + id));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "SENT".equals(Recorded.outboxMail(app, id).status()));
        assertEquals(1, mail.receivedBy("facilities@agency.example").length);
        assertEquals("by api:alice", Recorded.firstDeliveryAttempt(app, id, "RESEND_REQUESTED").error());
    }

    @Test
    void aQuarantinedMailIsReplayedFromTheConsoleAndOpensItsCase() {
        String raw = "From: Zoe <zoe@tenants.example>\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: Lift stuck"
                + "\r\nMessage-ID: <lift@tenants.example>\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\r\nSecond floor.\r\n";
        TestApp.execute(app, "INSERT INTO quarantine (account, idempotency_key, message_id, subject, reasons, attempts, "
                + "raw, quarantined_at) VALUES ('support', 'lift@tenants.example', '<lift@tenants.example>', "
                + "'Lift stuck', 'database was down', 3, convert_to('" + raw.replace("'", "''") + "', 'UTF8'), now())");
        long id = Recorded.firstQuarantined(app).id();
        browser.get(site + "/quarantine");
        WebElement replay = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[aria-label='Replay quarantined mail " + id + "']")));
        assertTrue(browser.findElement(By.tagName("table")).getText().contains("database was down"));
        shot("quarantine");
        replay.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Replay of mail " + id));
        assertEquals("api:alice", Recorded.firstQuarantined(app).replayRequestedBy());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Recorded.casesWithSubject(app, "Lift stuck") == 1);
    }

    @Test
    void aBlockIsClearedFromTheConsoleAndTheAccountsShowTheirState() {
        TestApp.execute(app, "INSERT INTO address_blocks (address, reason, created_at) "
                + "VALUES ('gone@customer.example', 'userunknown', now())");
        browser.get(site + "/blocks");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "gone@customer.example"));
        shot("blocks");
        browser.findElement(By.cssSelector("button[aria-label^='Clear address block']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "cleared"));
        assertEquals("api:alice", Recorded.addressBlock(app, "gone@customer.example").clearedBy());

        browser.get(site + "/accounts");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), TestApp.REQUESTS));
        String table = browser.findElement(By.tagName("table")).getText();
        assertTrue(table.contains("Started"), table);
        shot("accounts");
    }

    @Test
    void mailWithScriptAndOnerrorRunsNothingInThePage() {
        browser.get(site + "/cases/" + hostile);
        WebElement h1 = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#view h1")));
        wait.until(ExpectedConditions.textToBePresentInElement(h1, "Invoice"));
        assertTrue(h1.getText().contains("<img src=x onerror=\"window.pwned=2\">Invoice"), h1.getText());
        assertEquals(0, h1.findElements(By.tagName("img")).size());
        String page = browser.findElement(By.id("main")).getText();
        assertTrue(page.contains("<script>window.pwned=1</script>Eve"), page);

        browser.findElement(By.xpath("//button[text()='Show HTML']")).click();
        WebElement frame = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("iframe.mail-html")));
        assertEquals("", frame.getDomAttribute("sandbox"), "the mail's HTML sits in a sandbox without scripts");
        browser.switchTo().frame(frame);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Your invoice"));
        assertEquals(0, browser.findElements(By.tagName("script")).size());
        assertEquals(0, browser.findElements(By.cssSelector("[onerror], [onmouseover]")).size());
        browser.switchTo().defaultContent();
        shot("hostile-mail");

        new org.openqa.selenium.interactions.Actions(browser).moveToElement(h1).perform();
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
        Object pwned = ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined ? null : window.pwned");
        assertEquals(null, pwned, "mail content ran script in the console");
        assertFalse(browser.getTitle().contains("HACKED"), browser.getTitle());
        List<WebElement> scripts = browser.findElements(By.tagName("script"));
        assertEquals(1, scripts.size(), "only the console's own script");
    }

    /** Saves what the page shows when console.screenshots names a directory. */
    private void shot(String name) {
        String dir = System.getProperty("console.screenshots");
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
