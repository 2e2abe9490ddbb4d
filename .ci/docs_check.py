"""Check the built docs site (_docs/site, from `python .ci/docs.py build`) in headless Chromium.

For every page: it loads without console errors, with the network closed to everything but the local server (so a
resource fetched from a CDN fails the check); every equation is typeset by MathJax without a TeX error; every image
loads (natural width > 0); every link to another page of the site resolves, anchor included. The search page must find
a word, and a screenshot of the landing page goes to _docs/screenshots/landing.png.

Needs Debian's `chromium` and `chromium-driver` packages and the `selenium` package; without them it says so and fails.
Usage: python .ci/docs_check.py [SITE_DIR]
"""
import functools, http.server, re, shutil, sys, threading, time
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_docs" / "site"
SHOTS = ROOT / "_docs" / "screenshots"


def fail(msg: str) -> None:
    print(f"docs check FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def browser():
    "Headless Chromium through Debian's chromedriver, logging the console, with every host but localhost unreachable."
    chrome = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_bin = shutil.which("chromedriver")
    if not chrome or not driver_bin:
        fail("Chromium or chromedriver not found: install Debian's `chromium` and `chromium-driver` "
             "(apt-get install -y chromium chromium-driver); the site was not checked")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        fail("selenium is not installed in this Python (it is a dev requirement: pip install -e '.[dev]')")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver_bin), options=opts)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    "The site on a local port, quietly."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@functools.cache
def ids_of(path: Path) -> set[str]:
    "The element ids of a page of the site."
    return set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8", errors="replace")))


def wait_for(driver, script: str, timeout: float = 20.0):
    "Poll a JavaScript expression until it is truthy; returns its value (or the last falsy one)."
    end = time.time() + timeout
    while True:
        value = driver.execute_script(f"return ({script});")
        if value or time.time() > end: return value
        time.sleep(0.1)


PAGE_STATE = """
const math = document.querySelectorAll('.math').length;
return {
  math: math,
  typeset: document.querySelectorAll('mjx-container').length,
  tex_errors: Array.from(document.querySelectorAll('mjx-merror')).map(e => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 5),
  images: Array.from(document.images).map(i => [i.getAttribute('src'), i.complete, i.naturalWidth]),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
};
"""


def check_page(driver, base: str, page: Path) -> list[str]:
    "Problems found on one page."
    rel = page.relative_to(SITE).as_posix()
    driver.get(base + rel)
    wait_for(driver, "document.readyState === 'complete'")
    has_math = driver.execute_script("return document.querySelectorAll('.math').length") > 0
    if has_math:   # MathJax typesets asynchronously: wait for its promise
        wait_for(driver, "window.MathJax && MathJax.startup && MathJax.startup.promise && document.querySelectorAll('mjx-container').length > 0")
        driver.execute_async_script("const done = arguments[arguments.length - 1]; MathJax.startup.promise.then(() => done(true));")
    wait_for(driver, "Array.from(document.images).every(i => i.complete)")
    state = driver.execute_script(PAGE_STATE)
    problems = []
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE": problems.append(f"console error: {entry['message'][:300]}")
    if state["math"] and state["typeset"] < state["math"]:
        problems.append(f"{state['math']} equations, {state['typeset']} typeset by MathJax")
    problems += [f"TeX error: {e}" for e in state["tex_errors"]]
    problems += [f"image did not load: {src}" for src, complete, width in state["images"] if not complete or width == 0]
    for href in state["links"]:
        url, anchor = urldefrag(href)
        if not url.startswith(base): continue   # outside the site (GitHub source links, the paper)
        target = SITE / unquote(urlparse(url).path).lstrip("/")
        if target.is_dir(): target = target / "index.html"
        if not target.is_file(): problems.append(f"broken link: {href}"); continue
        if anchor and target.suffix == ".html" and anchor not in ids_of(target): problems.append(f"missing anchor: {href}")
    return problems


def figures_not_shown() -> dict[str, list[str]]:
    "Committed figures (figures/<profile>/<stem>/*.png) that the page of notebook <stem> does not show, by page."
    import hashlib
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()
    missing = {}
    for fig in sorted((ROOT / "figures").glob("*/*/*.png")):
        profile, stem = fig.parts[-3], fig.parts[-2]
        if profile == "smoke": continue
        page = next(iter(sorted(SITE.glob(f"nbs/**/{stem}.html"))), None)
        if page is None: missing.setdefault(f"nbs/experiments/{stem}.html", []).append(str(fig.relative_to(ROOT))); continue
        shown = {digest((page.parent / src).resolve()) for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', page.read_text(encoding="utf-8"))
                 if (page.parent / src).is_file()}
        if digest(fig) not in shown: missing.setdefault(page.relative_to(SITE).as_posix(), []).append(str(fig.relative_to(ROOT)))
    return missing


def main() -> None:
    if not (SITE / "index.html").is_file(): fail(f"no site at {SITE}: build it first (make docs)")
    pages = sorted(p for p in SITE.rglob("*.html") if not p.relative_to(SITE).parts[0].startswith("_"))
    httpd, base = serve(SITE)
    driver = browser()
    try:
        print(f"checking {len(pages)} pages of {SITE} in {driver.capabilities.get('browserName')} {driver.capabilities.get('browserVersion')}")
        bad, math_pages, images = {}, 0, 0
        for page in pages:
            problems = check_page(driver, base, page)
            state = driver.execute_script("return [document.querySelectorAll('mjx-container').length, document.images.length]")
            math_pages += state[0] > 0; images += state[1]
            if problems: bad[page.relative_to(SITE).as_posix()] = problems
        # the landing page, as a reader first sees it
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.get(base + "nbs/index.html")
        wait_for(driver, "document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)")
        driver.save_screenshot(str(SHOTS / "landing.png"))
        # search runs offline, from searchindex.js
        driver.get(base + "search.html?q=posterior")
        hits = wait_for(driver, "document.querySelectorAll('#search-results li').length", timeout=30)
        if not hits: bad["search.html"] = ["searching for 'posterior' found nothing"]
    finally:
        driver.quit(); httpd.shutdown()
    print(f"{len(pages)} pages, {math_pages} with typeset equations, {images} images, search hits for 'posterior': {hits or 0}; "
          f"screenshot: {(SHOTS / 'landing.png').relative_to(ROOT)}")
    if math_pages == 0: bad["(site)"] = ["no page has typeset equations"]
    for page, missing in figures_not_shown().items(): bad.setdefault(page, []).extend(f"committed figure not shown: {f}" for f in missing)
    for page, problems in bad.items():
        print(f"  {page}:", file=sys.stderr)
        for p in problems[:20]: print(f"    {p}", file=sys.stderr)
    if bad: fail(f"{len(bad)} of {len(pages)} pages have problems (listed above)")
    print("docs check passed")


if __name__ == "__main__":
    main()
