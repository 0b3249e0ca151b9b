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

# A stale edit: the form is opened, someone saves through the API, then the form is sent.
driver.get(base + pm + "/edit")
status, current = api("GET", "/postmortems/2026-10-14-checkout-connection-pool-exhaustion")
api("PUT", "/postmortems/2026-10-14-checkout-connection-pool-exhaustion",
    {"baseVersion": current["version"], "markdown": current["markdown"].replace("38%", "about 38%")})
driver.find_element(By.NAME, "title").send_keys(" (my edit)")
driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
shoot("14-conflict-409")

visit("/actions", "15-actions")
visit("/actions?overdue=1", "16-actions-overdue")
visit("/account", "17-account")
visit("/incidents/nope", "18-not-found")

# The restricted security post-mortem: absent for admin, visible to the person it names.
visit("/incidents/2026-09-02-leaked-deploy-credential", "19-restricted-as-admin")
login("priya.nair", "priya-demo-password")
visit("/incidents/2026-09-02-leaked-deploy-credential", "20-restricted-as-named-reviewer")

# The print stylesheet: the post-mortem as a PDF.
driver.get(base + pm)
pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
with open(f"{out}/21-postmortem-print.pdf", "wb") as f:
    f.write(base64.b64decode(pdf["data"]))
driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
shoot("21-postmortem-print")

driver.quit()
print("\n".join(shots))
print(f"{out}/21-postmortem-print.pdf")
