// Time from navigation start until the calendar has hydrated (the app marks <body> then), in
// headless Chromium, median of several cold loads. Prints one JSON line.
const { chromium } = require("@playwright/test");

(async () => {
  const url = process.argv[2];
  const runs = Number(process.env.HYDRATE_RUNS ?? 5);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    // The signed-in session from run.py ("flotilla_session=…").
    if (process.env.WRK_COOKIE) {
      const [name, value] = process.env.WRK_COOKIE.split("=");
      await context.addCookies([{ name, value, url }]);
    }
    // Record the moment the marker appears, not the moment the test notices it.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body && document.body.dataset.hydrated) {
          window.__hydratedAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
    });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForSelector("body[data-hydrated]", { timeout: 60_000 });
    times.push(await page.evaluate(() => window.__hydratedAt));
    await context.close();
  }
  await browser.close();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(JSON.stringify({ runs, median_ms: Math.round(median), all_ms: times.map(Math.round) }));
})();
