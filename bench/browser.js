// What people feel in the hydrated calendar, in headless Chromium against a running server,
// signed in with WRK_COOKIE ("flotilla_session=…"); run.py keeps a write load going meanwhile.
//  - first load: bytes of wasm and JS the browser transfers for the calendar (a cold cache);
//  - next quarter: from a click on "Next quarter" (or "Previous quarter") until the other
//    quarter's chips are drawn, as the page's own clock sees it (the click event's time stamp
//    to the animation frame that finds the new chips);
//  - reschedule: from Enter on a keyboard move in one browser until a second signed-in browser
//    shows the chip on its new day.
// Usage: node browser.js BASE_URL DAY TEAMS (an ISO day of the month and quarter to start on;
// the team ids, comma-separated, whose releases the keyboard moves use).
// Prints one JSON line.
const { chromium } = require("@playwright/test");

const RUNS = Number(process.env.BROWSER_RUNS ?? 20);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values) {
  return {
    runs: values.length,
    p50_ms: Math.round(percentile(values, 50)),
    p95_ms: Math.round(percentile(values, 95)),
    all_ms: values.map(Math.round),
  };
}

function nextDay(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function signedIn(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const [name, value] = process.env.WRK_COOKIE.split("=");
  await context.addCookies([{ name, value, url: base }]);
  return context;
}

async function open(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector("body[data-hydrated]", { timeout: 60_000 });
  return page;
}

async function firstLoad(browser, base, day) {
  const context = await signedIn(browser, base);
  const page = await open(context, `${base}/?view=quarter&date=${day}`);
  const files = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => /\.(wasm|js)$/.test(new URL(e.name).pathname))
      .map((e) => ({ file: new URL(e.name).pathname, transfer_bytes: e.transferSize })),
  );
  await context.close();
  const total = files.reduce((sum, f) => sum + f.transfer_bytes, 0);
  return { files, kb: Math.round(total / 102.4) / 10 };
}

async function nextQuarter(browser, base, day) {
  const context = await signedIn(browser, base);
  const page = await open(context, `${base}/?view=quarter&date=${day}`);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const before = await page.locator(".tl-month").first().textContent();
    // Found before the clock starts: finding a link by its name walks the whole page, which
    // is the test tool's work, not the page's.
    const link = await page
      .getByRole("link", { name: i % 2 === 0 ? "Next quarter" : "Previous quarter" })
      .elementHandle();
    await page.evaluate(() => {
      window.__clickedAt = null;
      document.addEventListener("click", (e) => (window.__clickedAt = e.timeStamp), { once: true, capture: true });
    });
    await link.click();
    // From the click event to the first frame that has the other quarter's chips.
    const drawnAt = await page.waitForFunction(
      (before) => {
        const month = document.querySelector(".tl-month");
        return month && month.textContent !== before && document.querySelector(".tl-lane .chip") && performance.now();
      },
      before,
      { polling: "raf", timeout: 30_000 },
    );
    times.push((await drawnAt.jsonValue()) - (await page.evaluate(() => window.__clickedAt)));
  }
  await context.close();
  return summary(times);
}

async function reschedule(browser, base, day, teams) {
  // A few teams only, so every chip of a day is on the grid (a busy day folds the rest into
  // "+N more"), in both browsers.
  const url = `${base}/?view=month&date=${day}&team=${teams}`;
  const mover = await open(await signedIn(browser, base), url);
  const watcher = await open(await signedIn(browser, base), url);
  const moved = new Set();
  const times = [];
  const failed = [];
  for (let i = 0; i < RUNS; i++) {
    // A chip that may move, whose next day is on the grid, not moved before.
    const pick = await mover.evaluate((moved) => {
      for (const chip of document.querySelectorAll('.day .chip[draggable="true"]')) {
        const id = chip.dataset.releaseId;
        const from = chip.closest(".day").dataset.date;
        if (!moved.includes(id)) return { id, from };
      }
      return null;
    }, [...moved]);
    if (!pick) break;
    const to = nextDay(pick.from);
    if (!(await mover.locator(`.day[data-date="${to}"]`).count())) {
      moved.add(pick.id);
      continue;
    }
    moved.add(pick.id);
    const chip = mover.locator(`.chip[data-release-id="${pick.id}"]`);
    await chip.focus();
    await mover.keyboard.press("ArrowRight");
    const start = Date.now();
    await mover.keyboard.press("Enter");
    // On its new day, folded under "+N more" if that day is full.
    const shown = `.day[data-date="${to}"] .chip[data-release-id="${pick.id}"]`;
    try {
      await watcher.waitForSelector(shown, { state: "attached", timeout: 10_000 });
      times.push(Date.now() - start);
      // The mover's own page has the moved release again before the next move starts.
      await mover.waitForSelector(shown, { state: "attached", timeout: 10_000 });
    } catch {
      // A move that never shows counts against the budget as the longest wait.
      failed.push({ id: pick.id, from: pick.from, to });
      times.push(10_000);
    }
  }
  return { ...summary(times), failed: failed.length, never_shown: failed };
}

(async () => {
  const [base, day, teams] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const result = {
    first_load: await firstLoad(browser, base, day),
    next_quarter: await nextQuarter(browser, base, day),
    reschedule: await reschedule(browser, base, day, teams),
  };
  await browser.close();
  console.log(JSON.stringify(result));
})();
