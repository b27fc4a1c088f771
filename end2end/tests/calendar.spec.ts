import { expect } from "@playwright/test";
import { chip, createRelease, day, hydrated, panel, test, unique } from "./support";
import { AUTH } from "./people";

// A month with no demo data, so what the tests create is all there is.
const MONTH = "/?view=month&date=2027-06-01";

test("the month view shows the demo organisation's releases around today", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await expect(page.locator(".day.today")).toHaveCount(1);
  await expect(page.locator(".chip").first()).toBeVisible();
  await expect(page.locator(".day.weekend").first()).toBeVisible();
});

test("create a release by clicking a day", async ({ page }) => {
  const title = unique("Launch");
  await page.goto(MONTH);
  await hydrated(page);
  await page.getByRole("link", { name: "New release on Wed 16 June" }).click();
  await expect(page.getByRole("heading", { name: "New release" })).toBeVisible();
  await expect(panel(page).getByLabel("Target date", { exact: true })).toHaveValue("16 Jun 2027");
  await panel(page).getByLabel("Title", { exact: true }).fill(title);
  await panel(page).getByLabel("Team").selectOption({ label: "Checkout" });
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page.locator(".toast")).toContainText(`Created “${title}”`);
  await expect(day(page, "2027-06-16").locator(".chip", { hasText: title })).toBeVisible();
  await expect(page.getByRole("heading", { name: "New release" })).toHaveCount(0);
  await page.reload();
  await expect(day(page, "2027-06-16").locator(".chip", { hasText: title })).toBeVisible();
});

test("bad input gets a message next to the field and nothing is saved", async ({ page }) => {
  await page.goto(`${MONTH}&new=2027-06-10`);
  await hydrated(page);
  await panel(page).getByLabel("Team").selectOption({ label: "Mobile" });
  await panel(page).getByLabel("Window ends").fill("2027-06-01");
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page.locator("#release-title-error")).toHaveText("Title is required.");
  await expect(page.locator("#release-window_end-error")).toHaveText(
    "The window must end on or after the target date.",
  );
  await expect(panel(page).getByLabel("Title", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(day(page, "2027-06-10").locator(".chip")).toHaveCount(0);
});

test("edit a release in the side panel", async ({ page, request }) => {
  const release = await createRelease(request, unique("Edit me"), "2027-06-08");
  const renamed = unique("Renamed");
  await page.goto(MONTH);
  await hydrated(page);
  await chip(page, release.title).click();
  await expect(page.getByRole("heading", { name: release.title })).toBeVisible();
  await panel(page).getByLabel("Title", { exact: true }).fill(renamed);
  await panel(page).getByLabel("Status").selectOption("at_risk");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator(".toast")).toContainText(`Saved “${renamed}”`);
  const saved = day(page, "2027-06-08").locator(".chip", { hasText: renamed });
  await expect(saved).toBeVisible();
  await expect(saved).toHaveClass(/status-at_risk/);
});

test("a stale edit is refused with the current values", async ({ page, browser, request }) => {
  const release = await createRelease(request, unique("Contended"), "2027-06-09");
  await page.goto(`${MONTH}&release=${release.id}`);
  await hydrated(page);
  await expect(panel(page).getByLabel("Title", { exact: true })).toHaveValue(release.title);

  const other = await browser.newContext({ storageState: AUTH.file("alex") });
  const colleague = await other.newPage();
  await colleague.goto(`${MONTH}&release=${release.id}`);
  await hydrated(colleague);
  await panel(colleague).getByLabel("Title", { exact: true }).fill("Colleague's title");
  await colleague.getByRole("button", { name: "Save changes" }).click();
  await expect(colleague.locator(".toast")).toContainText("Saved");
  await other.close();

  await panel(page).getByLabel("Owner").fill("Me");
  await page.getByRole("button", { name: "Save changes" }).click();
  const notice = page.locator(".stale");
  await expect(notice).toContainText("Changed by someone else since you opened it.");
  await expect(notice).toContainText("Colleague's title");
  await notice.getByRole("link", { name: "Load the current version" }).click();
  await expect(panel(page).getByLabel("Title", { exact: true })).toHaveValue("Colleague's title");
});

test("reschedule by dragging a release to another day", async ({ page, request }) => {
  const release = await createRelease(request, unique("Drag me"), "2027-06-14");
  await page.goto(MONTH);
  await hydrated(page);
  await expect(chip(page, release.title)).toHaveCSS("cursor", "grab");
  await chip(page, release.title).dragTo(day(page, "2027-06-17"));
  await expect(page.locator(".toast")).toContainText(`Moved “${release.title}” to Thu 17 Jun`);
  await expect(day(page, "2027-06-17").locator(".chip", { hasText: release.title })).toBeVisible();
  await page.reload();
  await expect(day(page, "2027-06-17").locator(".chip", { hasText: release.title })).toBeVisible();
  await expect(day(page, "2027-06-14").locator(".chip", { hasText: release.title })).toHaveCount(0);
});

test("reschedule with the keyboard, and undo", async ({ page, request }) => {
  const release = await createRelease(request, unique("Keys"), "2027-06-21");
  await page.goto(MONTH);
  await hydrated(page);
  const c = chip(page, release.title);
  await c.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(c).toContainText("→ Wed 23 Jun");
  await page.keyboard.press("Enter");
  await expect(page.locator(".toast")).toContainText("to Wed 23 Jun");
  await expect(day(page, "2027-06-23").locator(".chip", { hasText: release.title })).toBeVisible();
  await page.reload();
  await expect(day(page, "2027-06-23").locator(".chip", { hasText: release.title })).toBeVisible();

  // Escape cancels a move in progress.
  const moved = chip(page, release.title);
  await hydrated(page);
  await moved.focus();
  await page.keyboard.press("ArrowDown");
  await expect(moved).toContainText("→ Wed 30 Jun");
  await page.keyboard.press("Escape");
  await expect(moved).not.toContainText("→");
});

test("a keyboard move goes on while others' changes redraw the calendar", async ({ page, request }) => {
  const release = await createRelease(request, unique("Steady"), "2027-06-08");
  await page.goto(MONTH);
  await hydrated(page);
  // Give the live connection a moment to open before the change is made.
  await page.waitForTimeout(500);
  await chip(page, release.title).focus();
  await page.keyboard.press("ArrowRight");
  await expect(chip(page, release.title)).toContainText("→ Wed 9 Jun");
  const other = await createRelease(request, unique("Elsewhere"), "2027-06-15");
  await expect(day(page, "2027-06-15").locator(".chip", { hasText: other.title })).toBeVisible();
  // The redrawn chip has the focus and the move in progress.
  await expect(chip(page, release.title)).toBeFocused();
  await expect(chip(page, release.title)).toContainText("→ Wed 9 Jun");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(page.locator(".toast")).toContainText("to Thu 10 Jun");
  await expect(day(page, "2027-06-10").locator(".chip", { hasText: release.title })).toBeVisible();
});

test("undo puts a moved release back, one toast at a time", async ({ page, request }) => {
  const release = await createRelease(request, unique("Undo"), "2027-06-02");
  const other = await createRelease(request, unique("Second move"), "2027-06-08");
  await page.goto(MONTH);
  await hydrated(page);
  await chip(page, other.title).dragTo(day(page, "2027-06-09"));
  await expect(page.locator(".toast")).toContainText(`Moved “${other.title}”`);
  await chip(page, release.title).dragTo(day(page, "2027-06-04"));
  // The second move's toast replaces the first rather than stacking over the calendar.
  await expect(page.locator(".toast")).toHaveCount(1);
  await expect(page.locator(".toast")).toContainText(`Moved “${release.title}” to Fri 4 Jun`);
  await page.locator(".toast").getByRole("button", { name: "Undo" }).click();
  await expect(page.locator(".toast")).toHaveCount(1);
  await expect(page.locator(".toast")).toContainText(`Move undone: “${release.title}” is back on Wed 2 Jun`);
  await expect(page.locator(".toast").getByRole("button", { name: "Undo" })).toHaveCount(0);
  await page.reload();
  await expect(day(page, "2027-06-02").locator(".chip", { hasText: release.title })).toBeVisible();
});

test("delete asks for confirmation", async ({ page, request }) => {
  const release = await createRelease(request, unique("Delete me"), "2027-06-11");
  await page.goto(`${MONTH}&release=${release.id}`);
  await hydrated(page);
  await page.getByRole("link", { name: "Delete…" }).click();
  await expect(page.getByRole("heading", { name: "Delete this release?" })).toBeVisible();
  await page.getByRole("button", { name: "Delete release" }).click();
  await expect(page.locator(".toast")).toContainText("Release deleted");
  await expect(chip(page, release.title)).toHaveCount(0);
});

test("filters live in the URL and can be shared", async ({ page, request }) => {
  const mobile = await createRelease(request, unique("Mobile only"), "2027-06-15", { "form[team_id]": "2" });
  const checkout = await createRelease(request, unique("Checkout only"), "2027-06-15");
  await page.goto(MONTH);
  await hydrated(page);
  await page.locator("form.filters summary", { hasText: "Filter" }).click();
  await page.locator('form.filters select[name="team"]').selectOption({ label: "Mobile" });
  await expect(page).toHaveURL(/team=2/);
  await expect(chip(page, mobile.title)).toBeVisible();
  await expect(chip(page, checkout.title)).toHaveCount(0);
  // The choice shows as a chip; the menu's button counts it.
  await expect(page.getByRole("link", { name: "Remove filter Team: Mobile" })).toBeVisible();
  await expect(page.locator("form.filters summary")).toHaveText("Filter1");

  const shared = page.url();
  const fresh = await page.context().newPage();
  await fresh.goto(shared);
  await expect(chip(fresh, mobile.title)).toBeVisible();
  await expect(chip(fresh, checkout.title)).toHaveCount(0);
  await expect(fresh.locator('form.filters select[name="team"]')).toHaveValue("2");

  await page.getByRole("link", { name: "Remove filter Team: Mobile" }).click();
  await expect(page).not.toHaveURL(/team=/);
  await expect(chip(page, checkout.title)).toBeVisible();
  await expect(page.locator(".filter-chip")).toHaveCount(0);
});

test("the quarter timeline has one lane per team", async ({ page, request }) => {
  const release = await createRelease(request, unique("Lane"), "2027-05-12");
  await page.goto("/?view=quarter&date=2027-04-01");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Q2 2027 (Apr – Jun)" })).toBeVisible();
  await expect(page.locator(".tl-track[data-team-id]")).toHaveCount(10);
  await expect(page.locator('.tl-track[data-team-id="1"]').locator(".chip", { hasText: release.title })).toBeVisible();
});

test("the timeline draws lanes far below the screen when they are scrolled to", async ({ page, request }) => {
  const release = await createRelease(request, unique("Far down"), "2027-05-12", { "form[team_id]": "10" });
  await page.setViewportSize({ width: 1280, height: 150 });
  await page.goto("/?view=quarter&date=2027-01-01");
  await hydrated(page);
  // Drawn in the browser (the server draws every lane): only lanes near the top have bars.
  await page.getByRole("link", { name: "Next quarter" }).click();
  await expect(page.getByRole("heading", { name: "Q2 2027 (Apr – Jun)" })).toBeVisible();
  const lane = page.locator('.tl-track[data-team-id="10"]');
  await expect(lane).toHaveAttribute("data-pending", "");
  await expect(lane.locator(".chip")).toHaveCount(0);
  await lane.scrollIntoViewIfNeeded();
  await expect(lane.locator(".chip", { hasText: release.title })).toBeVisible();
  await expect(lane).not.toHaveAttribute("data-pending", "");
  await expect(page.locator(".tl-lane .chip", { hasText: release.title })).toHaveCount(1);
});

test("reschedule on the quarter timeline by dragging along a lane", async ({ page, request }) => {
  const release = await createRelease(request, unique("Slide"), "2027-05-12");
  await page.goto("/?view=quarter&date=2027-04-01");
  await hydrated(page);
  const track = page.locator('.tl-track[data-team-id="1"]');
  // Days keep their width, so mid-May is off to the right: scroll the timeline sideways to it.
  await page.locator(".timeline-scroll").evaluate((el) => (el.scrollLeft = 800));
  const box = await track.boundingBox();
  if (!box) throw new Error("the Checkout lane is not on screen");
  // Q2 2027 has 91 day columns, then 12 of room for labels; 20 May is column 49 (from 0).
  const x = ((49 + 0.5) / (91 + 12)) * box.width;
  await chip(page, release.title).dragTo(track, { targetPosition: { x, y: box.height / 2 } });
  await expect(page.locator(".toast")).toContainText(`Moved “${release.title}” to Thu 20 May`);
  await page.reload();
  await expect(chip(page, release.title)).toHaveAttribute("aria-label", /Thu 20 May/);
});
