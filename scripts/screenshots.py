"""Drives headless Chromium through every page of a running Debrief server (see scripts/screenshots)."""
import base64
import json
import os
import shutil
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

base, password, token, out = sys.argv[1:5]

# Debian's chromium and chromedriver, found on PATH; Selenium's own downloader stays off (no network).
os.environ["SE_AVOID_STATS"] = "true"
options = webdriver.ChromeOptions()
options.binary_location = shutil.which("chromium")
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
    options.add_argument(flag)
driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")))
shots = []


def shoot(name):
    height = driver.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
    driver.set_window_size(1280, min(max(height + 40, 700), 8000))
    path = f"{out}/{name}.png"
    driver.save_screenshot(path)
    shots.append(path)
    driver.set_window_size(1280, 900)


def visit(path, name):
    driver.get(base + path)
    shoot(name)


def login(user, secret):
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.NAME, "name").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(secret)
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    # Wait for the sign-in to land: a page asked for sooner would cancel the form's POST.
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


def api(method, path, body=None):
    request = urllib.request.Request(base + "/api/v1" + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


pm = "/incidents/2026-10-14-checkout-connection-pool-exhaustion"
visit("/login", "01-login")
login("admin", password)
visit("/", "02-dashboard")
visit("/incidents", "03-incidents")
visit("/incidents?q=certificate+expired", "04-search")
visit("/incidents?severity=SEV2&kind=outage", "05-filtered")
visit(pm, "06-postmortem")
visit("/incidents/2026-07-08-payments-provider-outage", "07-postmortem-in-review-with-lint")
visit(pm + "/edit", "08-editor")
driver.find_element(By.CSS_SELECTOR, "button[value=preview]").click()
shoot("09-editor-preview")
visit("/incidents/new", "10-new")
visit("/incidents/upload", "11-upload")

# An edit through the browser, then a history with two versions and their diff.
driver.get(base + pm + "/edit")
summary = driver.find_element(By.NAME, "summary")
summary.clear()
summary.send_keys("From 14:02 to 15:14 UTC, 38% of checkout attempts failed (edited in the browser).")
driver.find_element(By.NAME, "note").send_keys("clarified the summary")
driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
visit(pm + "/history", "12-history")
visit(pm + "/diff?from=1&to=2", "13-diff")

# A stale edit to another field: the form is opened, someone saves through the API, then the
# form is sent. The two edits touch different fields, so both are kept without a question.
driver.get(base + pm + "/edit")
status, current = api("GET", "/postmortems/2026-10-14-checkout-connection-pool-exhaustion")
api("PUT", "/postmortems/2026-10-14-checkout-connection-pool-exhaustion",
    {"baseVersion": current["version"], "markdown": current["markdown"].replace("38%", "about 38%")})
driver.find_element(By.NAME, "title").send_keys(" (my edit)")
driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
WebDriverWait(driver, 10).until(lambda d: "/edit" not in d.current_url)
merged = driver.page_source
assert "(my edit)" in merged and "about 38%" in merged, "a stale edit to another field must merge"
shoot("14-merged-stale-edit")

# A conflict in two browsers: both open the editor, both change the summary, each something
# else too; the second sees the clash side by side and keeps hers, and the first one's other
# change survives.
second = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")))
second.get(base + "/login")
second.find_element(By.NAME, "name").send_keys("admin")
second.find_element(By.NAME, "password").send_keys(password)
second.find_element(By.CSS_SELECTOR, "form button").click()
WebDriverWait(second, 10).until(lambda d: "/login" not in d.current_url)
driver.get(base + pm + "/edit")
second.get(base + pm + "/edit")
for browser, text, field, value in [
    (driver, "Checkout failed for 72 minutes (first browser).", "response", "Rolled back first (first browser)."),
    (second, "Checkout failed for 72 minutes (second browser).", "trigger", "A pool change (second browser)."),
]:
    box = browser.find_element(By.NAME, "summary")
    box.clear()
    box.send_keys(text)
    other = browser.find_element(By.NAME, field)
    other.clear()
    other.send_keys(value)
driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
WebDriverWait(driver, 10).until(lambda d: "/edit" not in d.current_url)
second.find_element(By.CSS_SELECTOR, "button[value=save]").click()
WebDriverWait(second, 10).until(lambda d: "Someone saved first" in d.page_source)
height = second.execute_script("return document.body.scrollHeight")
second.set_window_size(1280, min(max(height + 40, 700), 8000))
second.save_screenshot(f"{out}/15-conflict-side-by-side.png")
shots.append(f"{out}/15-conflict-side-by-side.png")
second.find_element(By.XPATH, "//button[contains(., 'Keep yours')]").click()
WebDriverWait(second, 10).until(lambda d: "Someone saved first" not in d.page_source)
kept = second.page_source
assert "(second browser)" in kept and "Rolled back first (first browser)." in kept, "keep yours must keep theirs elsewhere"
second.quit()
visit(pm, "16-after-the-conflict")

# A new post-mortem typed in the form, every kind of field, with rows added in the add boxes;
# first with mistakes, which stay in their fields beside their messages.
driver.get(base + "/incidents/new")
def fill(name, text, index=0):
    element = driver.find_elements(By.NAME, name)[index]
    element.clear()
    element.send_keys(text)
def choose(name, value, index=0):
    driver.find_elements(By.NAME, name)[index].find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
fill("title", "Queue consumers stalled after a broker upgrade")
choose("severity", "SEV2")
choose("kind", "outage")
fill("services", "notifications, broker")
fill("started", "2026-12-01 09:12 +01:00")
fill("detected", "about twenty past")  # a mistake
fill("resolved", "10:40")
fill("summary", "Notifications were delayed by up to 80 minutes after the broker upgrade.")
fill("impact", "About 40,000 notifications arrived late; none were lost.")
fill("i_users", "40,000")
fill("t_time", "09:12")
fill("t_text", "Broker upgraded to 3.13 on the first node")
fill("t_actor", "ops.bot")
fill("t_evidence", "deploy/broker.log:88")
fill("t_time", "25:99", 1)  # a mistake
fill("t_text", "Consumers stop acknowledging", 1)
fill("t_add", "09:31 Lag alert fires for the notifications queue\n10:05 Consumers restarted with the old client")
fill("trigger", "The broker upgrade changed the default prefetch.")
fill("rootCause", "Client libraries were pinned to a version that assumed the old default.")
fill("w_q", "Why did consumers stall?")
fill("w_a", "They waited for acknowledgements the broker no longer sent.")
choose("f_cat", "change-management")
fill("f_text", "Broker upgrades are not tested against the pinned clients.")
choose("d_method", "alert")
fill("detection", "The queue-lag alert fired 19 minutes after the upgrade.")
fill("response", "Consumers were restarted with the previous client version.")
fill("a_title", "Test broker upgrades against every pinned client")
fill("a_owner", "ops")
fill("a_due", "next sprint")  # a mistake
fill("a_add", "Alert on consumer acknowledgement rate (owner: ops, due: 2027-01-15, P2)")
fill("wentWell", "The lag alert fired quickly.")
fill("l_title", "Broker release notes")
fill("l_url", "https://example.com/broker/3.13")
fill("s_heading", "Customer communication")
fill("s_body", "A status page note went out at 09:50.")
driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
WebDriverWait(driver, 10).until(lambda d: "Not saved yet" in d.page_source)
assert driver.find_element(By.NAME, "detected").get_attribute("value") == "about twenty past"
assert driver.find_elements(By.NAME, "t_time")[1].get_attribute("value") == "25:99"
shoot("17-editor-bad-input-kept")
fill("detected", "09:31")
fill("t_time", "09:20", 1)
fill("a_due", "2027-01-31")
driver.find_element(By.CSS_SELECTOR, "button[value=preview]").click()
shoot("18-editor-new-preview")
driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
WebDriverWait(driver, 10).until(lambda d: "/incidents/2026-12-01" in d.current_url and "/edit" not in d.current_url)
created = driver.page_source
for text in ["Lag alert fires", "Consumers restarted with the old client", "Alert on consumer acknowledgement rate",
             "The queue-lag alert fired", "Broker release notes", "Customer communication", "ops.bot"]:
    assert text in created, f"{text} missing from the saved post-mortem"
shoot("19-created-from-the-form")

visit("/actions", "20-actions")
visit("/actions?overdue=1", "21-actions-overdue")
visit("/account", "22-account")
visit("/incidents/nope", "23-not-found")

# The restricted security post-mortem: absent for admin, visible to the person it names.
visit("/incidents/2026-09-02-leaked-deploy-credential", "24-restricted-as-admin")
login("priya.nair", "priya-demo-password")
visit("/incidents/2026-09-02-leaked-deploy-credential", "25-restricted-as-named-reviewer")

# The print stylesheet: the post-mortem as a PDF.
driver.get(base + pm)
pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
with open(f"{out}/26-postmortem-print.pdf", "wb") as f:
    f.write(base64.b64decode(pdf["data"]))
driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
shoot("26-postmortem-print")

# A public version: made by one person, checked side by side, approved and published by
# another, then read signed out (index, page, print, feed, JSON).
driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
login("admin", password)
driver.get(base + pm)
driver.find_element(By.LINK_TEXT, "Public version").click()
driver.find_element(By.XPATH, "//button[contains(., 'Make the public version')]").click()
WebDriverWait(driver, 10).until(lambda d: "Public version 1" in d.page_source)
page = driver.page_source
assert 'class="r-person"' in page and "Not approved yet" in page, "the redactions must be marked"
shoot("27-public-version-side-by-side")
login("priya.nair", "priya-demo-password")
driver.get(base + pm + "/public")
driver.find_element(By.XPATH, "//button[contains(., 'Approve public version 1')]").click()
WebDriverWait(driver, 10).until(lambda d: "Approved" in d.page_source)
driver.find_element(By.XPATH, "//button[normalize-space()='Publish']").click()
WebDriverWait(driver, 10).until(lambda d: "Published" in d.page_source)
shoot("28-public-version-published")
public_url = driver.find_element(By.XPATH, "//a[starts-with(@href, '/public/')]").get_attribute("href")
driver.delete_all_cookies()
visit("/public/", "29-public-index")
driver.get(public_url)
public_page = driver.page_source
for internal in ["maria.lopez", "dev.patel", "/incidents/", "tracker.example.com"]:
    assert internal not in public_page, f"{internal} on the public page"
shoot("30-public-page")
pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
with open(f"{out}/31-public-page-print.pdf", "wb") as f:
    f.write(base64.b64decode(pdf["data"]))
import xml.etree.ElementTree as ElementTree
with urllib.request.urlopen(base + "/public/feed.atom") as response:
    feed = ElementTree.fromstring(response.read())
atom = "{http://www.w3.org/2005/Atom}"
entries = feed.findall(atom + "entry")
assert len(entries) == 1 and entries[0].find(atom + "id") is not None and feed.find(atom + "updated") is not None
with urllib.request.urlopen(base + "/public/index.json") as response:
    listed = json.loads(response.read())["postMortems"]
assert len(listed) == 1 and listed[0]["url"] == public_url.replace(base, "")

# The reliability report over the demo's incidents, and calendar links on the account page.
login("admin", password)
visit("/report?from=2025-01-01&to=2026-12-31", "32-reliability-report")
assert "Systemic weaknesses" in driver.page_source and "<svg" in driver.page_source
driver.get(base + "/account")
driver.find_element(By.XPATH, "//button[contains(., 'Make calendar links')]").click()
WebDriverWait(driver, 10).until(lambda d: "/calendar/" in d.page_source)
shoot("33-calendar-links")
feed_path = driver.find_element(By.XPATH, "//code[contains(., '/mine.ics')]").text

# A review meeting for two demo post-mortems: scheduled, its agenda, then recorded.
driver.get(base + "/meetings")
fill("title", "Weekly post-mortem review")
for name, value in [("date", "2026-12-09"), ("time", "14:30")]:
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.NAME, name), value)
fill("zone", "Europe/Berlin")
fill("postmortems", "2026-10-14-checkout-connection-pool-exhaustion\n2026-07-08-payments-provider-outage")
fill("attendees", "admin priya.nair")
driver.find_element(By.XPATH, "//button[normalize-space()='Schedule']").click()
WebDriverWait(driver, 10).until(lambda d: "/meetings/" in d.current_url)
assert "Proposed actions" in driver.page_source and "Europe/Berlin" in driver.page_source
shoot("34-meeting-agenda")
fill("notes", "Agreed: pool alerts at 80 %. Payments fallback drill next month.")
driver.find_element(By.XPATH, "//button[normalize-space()='Record']").click()
WebDriverWait(driver, 10).until(lambda d: "present:" in d.page_source)
shoot("35-meeting-recorded")
with urllib.request.urlopen(base + feed_path) as response:
    assert response.read().startswith(b"BEGIN:VCALENDAR\r\n")

# The action-items board sends one item to the (loopback) GitHub, and shows its link.
driver.get(base + "/actions")
driver.find_element(By.XPATH, "//button[normalize-space()='Create in tracker']").click()
WebDriverWait(driver, 10).until(lambda d: "sent to acme/app" in d.page_source)
assert "1 sent to acme/app" in driver.page_source, "one item must have been sent"
shoot("36-actions-created-in-tracker")

driver.quit()
print("\n".join(shots))
print(f"{out}/26-postmortem-print.pdf")
print(f"{out}/31-public-page-print.pdf")
