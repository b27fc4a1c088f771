import { APIRequestContext, Page, Response, expect } from "@playwright/test";
import { AUTH } from "./people";
import { Release, baseURL, chip, createRelease, hydrated, panel, test } from "./support";

// Markup that would run if any page put it into the document unescaped: it closes the
// raw-text elements that carry user text, then tries a script and an event handler.
const HOSTILE = `</textarea></title></script><script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
const DESCRIPTION = `${HOSTILE}\nsecond line & <b>more</b>`;

/** Collects what must never happen on these pages: a dialog, or a Content-Security-Policy
 * violation (which would mean that markup got into the page, or that the policy blocks the
 * app's own scripts or styles). */
function watch(page: Page) {
  const problems: string[] = [];
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

async function expectInert(page: Page, problems: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(problems).toEqual([]);
}

function expectPolicy(response: Response | null) {
  const policy = response?.headers()["content-security-policy"] ?? "";
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    expect(policy).toContain(directive);
  }
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+'/);
}

function soon(days: number) {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

async function hostileRelease(request: APIRequestContext): Promise<Release> {
  const date = soon(4);
  const created = await createRelease(request, HOSTILE, date, {
    "form[description]": DESCRIPTION,
    "form[owner]": HOSTILE.slice(0, 100),
    "form[public]": "on",
  });
  // A second change, so the history has a sentence that quotes the hostile text.
  const res = await request.post("/api/update_release", {
    headers: { Accept: "application/json", Origin: baseURL() },
    form: {
      id: String(created.id),
      version: String(created.version),
      "form[title]": `${HOSTILE} v2`,
      "form[team_id]": "1",
      "form[kind]": "feature",
      "form[description]": DESCRIPTION,
      "form[target_date]": date,
      "form[status]": "planned",
      "form[owner]": HOSTILE.slice(0, 100),
      "form[public]": "on",
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

test("hostile text stays text in every view, server-rendered and hydrated", async ({ page, browser, request }) => {
  const release = await hostileRelease(request);
  const date = release.schedule.target;
  const person = await request.post("/api/create_user", {
    headers: { Accept: "application/json", Origin: baseURL() },
    form: { "form[name]": HOSTILE, "form[email]": `mallory-${Date.now()}@acme.test`, "form[service]": "on" },
  });
  expect(person.status(), await person.text()).toBe(200);
  const problems = watch(page);

  // The editable panel as a shared link opens it: rendered on the server, then hydrated.
  const opened = await page.goto(`/?view=month&date=${date}&release=${release.id}`);
  expectPolicy(opened);
  await hydrated(page);
  await expect(panel(page).getByLabel("Description")).toHaveValue(DESCRIPTION);
  await expect(panel(page).getByLabel("Title", { exact: true })).toHaveValue(`${HOSTILE} v2`);
  await expectInert(page, problems);

  await panel(page).getByRole("tab", { name: "History" }).click();
  await expect(panel(page).locator("#tabpanel-history")).toContainText("window.__xss=1");
  await expectInert(page, problems);

  // The same panel drawn in the browser, from a click on the chip.
  await page.goto(`/?view=month&date=${date}`);
  await hydrated(page);
  await chip(page, "window.__xss=1").first().click();
  await expect(panel(page).getByLabel("Description")).toHaveValue(DESCRIPTION);
  await expectInert(page, problems);

  await page.goto(`/?view=quarter&date=${date}`);
  await hydrated(page);
  await expect(chip(page, "window.__xss=1").first()).toBeVisible();
  await expectInert(page, problems);

  await page.goto("/ships");
  await hydrated(page);
  await expect(page.getByText(`${HOSTILE} v2`).first()).toBeVisible();
  await expectInert(page, problems);

  await page.goto("/admin/users");
  await hydrated(page);
  await expect(page.getByText(HOSTILE).first()).toBeVisible();
  await expectInert(page, problems);

  // A viewer's read-only panel.
  const lena = await browser.newContext({ storageState: AUTH.file("lena") });
  const viewer = await lena.newPage();
  const seen = watch(viewer);
  await viewer.goto(`/?view=month&date=${date}&release=${release.id}`);
  await hydrated(viewer);
  await expect(panel(viewer)).toContainText("second line & <b>more</b>");
  await expect(panel(viewer).getByLabel("Description")).toHaveCount(0);
  await expectInert(viewer, seen);
  await lena.close();
});

test("without JavaScript the edit form keeps hostile text exactly", async ({ browser, request }) => {
  const release = await hostileRelease(request);
  const context = await browser.newContext({ storageState: AUTH.file("alex"), javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/?view=month&date=${release.schedule.target}&release=${release.id}`);
  await expect(panel(page).getByLabel("Description")).toHaveValue(DESCRIPTION);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await context.close();
});
