import { expect } from "@playwright/test";
import { chip, createRelease, day, hydrated, panel, reschedule, test, unique } from "./support";
import { AUTH, DEMO_PASSWORD } from "./people";

const MONTH = "/?view=month&date=2027-08-01";

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sign in, see who you are, and sign out", async ({ page }) => {
    await page.goto(MONTH);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await hydrated(page);
    await page.getByLabel("Email").fill("dana@acme.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("That email and password do not match an active account.");

    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/view=month&date=2027-08-01/);
    await expect(page.getByRole("heading", { name: "August 2027" })).toBeVisible();
    await hydrated(page);
    await page.getByText("Dana Whitfield").first().click();
    await expect(page.locator(".menu-role")).toHaveText("PM · Checkout");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test.describe("as an engineer of Payments API", () => {
  test.use({ storageState: AUTH.file("jonas") });

  test("a forbidden change is refused with a clear message", async ({ page, request }) => {
    const release = await createRelease(request, unique("API v2 docs"), "2027-08-10", { "form[team_id]": "4" });
    await page.goto(MONTH);
    await hydrated(page);
    // Engineers reschedule and edit but do not plan new releases.
    await expect(page.getByRole("link", { name: "+ New release" })).toHaveCount(0);
    await chip(page, release.title).click();
    await panel(page).getByLabel("Team").selectOption({ label: "Checkout" });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(panel(page).getByRole("alert")).toHaveText(
      "You cannot edit releases for a team you are not a member of. Ask a PM of the team or an administrator.",
    );
    await page.reload();
    await expect(day(page, "2027-08-10").locator(".chip", { hasText: release.title })).toBeVisible();
  });
});

test("a viewer sees releases read-only", async ({ browser, request }) => {
  const release = await createRelease(request, unique("Read me"), "2027-08-11");
  const context = await browser.newContext({ storageState: AUTH.file("lena") });
  const page = await context.newPage();
  await page.goto(`${MONTH}&release=${release.id}`);
  await hydrated(page);
  await expect(panel(page).getByRole("note")).toContainText("You can view this release.");
  await expect(panel(page).getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(chip(page, release.title)).toHaveAttribute("draggable", "false");
  await expect(chip(page, release.title)).toHaveCSS("cursor", "pointer");
  // Nothing offers to plan a release: no link on the days, no shortcut, no button.
  await expect(page.locator(".day-add")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "+ New release" })).toHaveCount(0);
  await page.goto(MONTH);
  await hydrated(page);
  await page.locator("body").press("n");
  await expect(page.getByRole("heading", { name: "New release" })).toHaveCount(0);
  await expect(page).not.toHaveURL(/new=/);
  await context.close();
});

test("a change made elsewhere appears without a reload", async ({ browser, request }) => {
  const context = await browser.newContext({ storageState: AUTH.file("lena") });
  const page = await context.newPage();
  await page.goto(MONTH);
  await hydrated(page);
  // Give the live connection a moment to open before the change is made.
  await page.waitForTimeout(500);
  // A change to days the screen does not show reloads nothing.
  const reloads: string[] = [];
  page.on("request", (r) => r.url().includes("/api/load_calendar") && reloads.push(r.url()));
  const far = await createRelease(request, unique("Far away"), "2027-11-12");
  await reschedule(request, far, "2027-11-15");
  await page.waitForTimeout(1_000);
  expect(reloads).toHaveLength(0);
  const release = await createRelease(request, unique("Live"), "2027-08-12");
  await expect(day(page, "2027-08-12").locator(".chip", { hasText: release.title })).toBeVisible({ timeout: 2_000 });
  expect(reloads.length).toBeGreaterThan(0);
  await reschedule(request, release, "2027-08-13");
  await expect(day(page, "2027-08-13").locator(".chip", { hasText: release.title })).toBeVisible({ timeout: 2_000 });
  await context.close();
});

test("the history tab says who changed what", async ({ page, request }) => {
  const release = await createRelease(request, unique("Slipping"), "2027-08-16");
  await reschedule(request, release, "2027-08-23");
  await page.goto(`${MONTH}&release=${release.id}`);
  await hydrated(page);
  await panel(page).getByRole("tab", { name: "History" }).click();
  const history = panel(page).locator(".history");
  await expect(history.locator("li").first()).toContainText("Alex Morgan (admin) moved the target date from 16 Aug to 23 Aug");
  await expect(history.locator("li").last()).toContainText("Alex Morgan (admin) created the release for 16 Aug 2027 (Checkout)");
  // When, relative to now, with the exact time on hover.
  const when = history.locator("li").first().locator("time");
  await expect(when).toHaveText(/^(just now|\d+ min ago)$/);
  await expect(when).toHaveAttribute("title", /^\d+ \w{3} \d{4} \d{2}:\d{2} UTC$/);
});
