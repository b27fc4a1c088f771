import { Locator, expect } from "@playwright/test";
import { chip, createRelease, day, hydrated, panel, test, unique } from "./support";
import { AUTH } from "./people";

// A month no other spec uses, so what these tests create is all there is.
const MONTH = "/?view=month&date=2027-09-01";

test("titles stay readable at 1280 px with the panel open, and the open release is marked", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const release = await createRelease(request, unique("Payment provider switch"), "2027-09-08");
  await page.goto(`${MONTH}&release=${release.id}`);
  await hydrated(page);
  await expect(panel(page).getByRole("heading", { name: release.title })).toBeVisible();
  const title = chip(page, release.title).locator(".chip-title");
  await expect(title).toBeVisible();
  // Neither cut on its line nor clamped away: the whole title is on screen.
  // Polled: the month's layout settles once the panel's lazily loaded code has drawn it.
  await expect
    .poll(() => title.evaluate((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
    .toBe(false);
  await expect(chip(page, release.title)).toHaveAttribute("aria-current", "true");
});

test("a chip's card shows the full title, team, status, date, owner and conflicts", async ({ page, request }) => {
  const release = await createRelease(request, unique("Card"), "2027-09-14", { "form[owner]": "Mia Chen" });
  await page.goto(MONTH);
  await hydrated(page);
  await chip(page, release.title).hover();
  const card = page.locator(".chip-card");
  await expect(card).toContainText(release.title);
  await expect(card).toContainText("Checkout");
  await expect(card).toContainText("planned");
  await expect(card).toContainText("Tue 14 Sep 2027");
  await expect(card).toContainText("Owner: Mia Chen");
  await page.mouse.move(5, 5);
  await expect(card).toHaveCount(0);
  // The keyboard shows it too, and Escape hides it.
  await chip(page, release.title).focus();
  await expect(card).toContainText(release.title);
  await page.keyboard.press("Escape");
  await expect(card).toHaveCount(0);
});

test("a conflict names the other release by title and team, in the panel, the card and the chip's name", async ({ page, request }) => {
  const ours = await createRelease(request, unique("Checkout API"), "2027-09-21", { "form[kind]": "api_change" });
  const theirs = await createRelease(request, unique("Fraud rules v4"), "2027-09-21", {
    "form[kind]": "breaking_change",
    "form[team_id]": "5",
  });
  const words = `Lands the same day as “${theirs.title}” (Fraud, Breaking change)`;
  await page.goto(`${MONTH}&release=${ours.id}`);
  await hydrated(page);
  const banner = panel(page).locator(".conflict-banner");
  await expect(banner).toContainText("Conflict");
  await expect(banner).toContainText(words);
  const label = await chip(page, ours.title).getAttribute("aria-label");
  expect(label).toContain(`Conflict: ${words}`);
  await chip(page, ours.title).hover();
  await expect(page.locator(".chip-card")).toContainText(words);
  await banner.getByRole("link", { name: `Open “${theirs.title}”` }).click();
  await expect(panel(page).getByRole("heading", { name: theirs.title })).toBeVisible();
  await expect(panel(page).locator(".conflict-banner")).toContainText(`“${ours.title}” (Checkout, API change)`);
});

test("unsaved work in the panel is not thrown away without asking", async ({ page, request }) => {
  const other = await createRelease(request, unique("Elsewhere"), "2027-09-09");
  await page.goto(`${MONTH}&new=2027-09-16`);
  await hydrated(page);
  const title = panel(page).getByLabel("Title", { exact: true });
  await title.fill("Half-written plan");
  const questions: string[] = [];
  page.once("dialog", (d) => {
    questions.push(d.message());
    void d.dismiss();
  });
  await page.keyboard.press("Escape");
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toContain("Discard your unsaved changes");
  await expect(title).toHaveValue("Half-written plan");
  // A click on the calendar behind asks too; agreeing goes on.
  page.once("dialog", (d) => {
    questions.push(d.message());
    void d.accept();
  });
  await chip(page, other.title).click();
  await expect.poll(() => questions.length).toBe(2);
  await expect(panel(page).getByRole("heading", { name: other.title })).toBeVisible();
  // Nothing typed: no question.
  page.on("dialog", (d) => {
    questions.push(d.message());
    void d.dismiss();
  });
  await panel(page).getByLabel("Title", { exact: true }).focus();
  await page.keyboard.press("Escape");
  await expect(panel(page)).toHaveCount(0);
  expect(questions.length).toBe(2);
});

test.describe("as a PM of one team", () => {
  test.use({ storageState: AUTH.file("dana") });

  test("the team is chosen, the day is marked, and the new release opens after Create", async ({ page }) => {
    const name = unique("Wallet top-up");
    await page.goto(MONTH);
    await hydrated(page);
    await page.getByRole("link", { name: "New release on Thu 23 September" }).click();
    await expect(day(page, "2027-09-23")).toHaveClass(/new-target/);
    await expect(panel(page).getByLabel("Team")).toHaveValue("1");
    // Dates read as everywhere else in the app, and are typed that way too.
    await expect(panel(page).getByLabel("Target date", { exact: true })).toHaveValue("23 Sep 2027");
    await panel(page).getByLabel("Target date", { exact: true }).fill("24 sep 2027");
    await panel(page).getByLabel("Title", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Create release" }).click();
    await expect(page.locator(".toast")).toContainText(`Created “${name}”`);
    await expect(panel(page).getByRole("heading", { name })).toBeVisible();
    await expect(day(page, "2027-09-24").locator(".chip", { hasText: name })).toHaveAttribute("aria-current", "true");
    await expect(day(page, "2027-09-23")).not.toHaveClass(/new-target/);
  });
});

test("keys move between periods and views, and ? lists them", async ({ page }) => {
  await page.goto(MONTH);
  await hydrated(page);
  await page.keyboard.press("j");
  await expect(page.getByRole("heading", { name: "October 2027" })).toBeVisible();
  await page.keyboard.press("k");
  await page.keyboard.press("k");
  await expect(page.getByRole("heading", { name: "August 2027" })).toBeVisible();
  await page.keyboard.press("q");
  await expect(page).toHaveURL(/view=quarter/);
  await expect(page.getByRole("heading", { name: "Q3 2027 (Jul – Sep)" })).toBeVisible();
  await page.keyboard.press("m");
  await expect(page).toHaveURL(/view=month/);
  await page.keyboard.press("t");
  const now = new Date();
  const thisMonth = `${now.toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${now.getUTCFullYear()}`;
  await expect(page.getByRole("heading", { name: thisMonth })).toBeVisible();

  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText("Go to today");
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(sheet).toBeVisible();
  await sheet.getByRole("button", { name: "Close" }).click();
  await expect(sheet).toBeHidden();
});

/** Opens a person's row menu, unless it is open. */
async function openMenu(row: Locator) {
  const menu = row.locator("details.row-menu");
  if ((await menu.getAttribute("open")) === null) await menu.locator("summary").click();
}

test("people: a row menu gives a role, and removing a role or disabling asks first", async ({ page }) => {
  const email = `${unique("casey").replace(/\s/g, "-")}@acme.test`;
  await page.goto("/admin/users");
  await hydrated(page);
  await page.getByLabel("Name", { exact: true }).fill("Casey Morgan");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("First password").fill("a long enough password");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const row = page.locator("tr", { hasText: email });
  await expect(row).toContainText("No team yet");
  // Nothing can be changed by a stray click: the controls are behind the row's menu.
  await expect(row.locator("select").first()).toBeHidden();
  await openMenu(row);
  await expect(row.getByLabel("Team for Casey Morgan")).toHaveValue("");
  await row.getByLabel("Team for Casey Morgan").selectOption({ label: "Web" });
  await row.getByLabel("Role for Casey Morgan").selectOption({ label: "Viewer" });
  await row.getByRole("button", { name: "Save role" }).click();
  await expect(row.locator(".role-chip")).toHaveText(["Viewer · Web"]);

  const asked: string[] = [];
  page.once("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await openMenu(row);
  await row.getByRole("button", { name: "Remove Viewer · Web…" }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toBe("Remove Casey Morgan's role Viewer · Web?");
  await expect(row.locator(".role-chip")).toHaveText(["Viewer · Web"]);
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Remove Viewer · Web…" }).click();
  await expect(row.locator(".role-chip")).toHaveCount(0);

  page.once("dialog", (d) => {
    asked.push(d.message());
    void d.accept();
  });
  await openMenu(row);
  await row.getByRole("button", { name: "Disable account…" }).click();
  await expect(row.locator(".badge")).toHaveText("Disabled");
  expect(asked[1]).toContain("Disable Casey Morgan's account?");
});

test.describe("as a viewer", () => {
  test.use({ storageState: AUTH.file("lena") });

  test("the People page offers nothing a viewer may not do", async ({ page }) => {
    await page.goto("/admin/users");
    await hydrated(page);
    await expect(page.getByRole("note")).toContainText("Only administrators manage people");
    await expect(page.locator(".admin-page form")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add" })).toHaveCount(0);
  });
});

test("an overdue release is marked overdue in red on its chip, its card and its panel", async ({ page, request }) => {
  const past = new Date();
  // Well before the demo data, so the day holds nothing else.
  past.setUTCDate(past.getUTCDate() - 200);
  const date = past.toISOString().slice(0, 10);
  const late = await createRelease(request, unique("Late"), date);
  await page.goto(`/?view=month&date=${date}`);
  await hydrated(page);
  const mark = chip(page, late.title);
  await expect(mark).toHaveClass(/overdue/);
  await expect(mark).toHaveAttribute("aria-label", /Overdue/);
  const red = await mark.locator(".chip-status").evaluate((el) => getComputedStyle(el).color);
  const danger = await page.evaluate(() => {
    const probe = document.createElement("span");
    probe.style.color = "var(--danger)";
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  });
  expect(red).toBe(danger);
  await mark.hover();
  await expect(page.locator(".chip-card .overdue-text")).toHaveText("overdue since 200 days ago");
  await mark.click();
  await expect(panel(page).locator(".conflict-banner .overdue-text")).toContainText("Overdue");
});

function isoDay(d: Date) {
  return d.toISOString().slice(0, 10);
}

test("the rolling timeline shows weeks around today, scrolls sideways, and cuts no label", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const today = new Date();
  const soon = new Date(today);
  soon.setUTCDate(soon.getUTCDate() + 20);
  // The window's last day: the Sunday twelve weeks after this week's.
  const last = new Date(today);
  last.setUTCDate(last.getUTCDate() - ((last.getUTCDay() + 6) % 7) + 12 * 7 + 6);
  const long = await createRelease(request, unique("Payment provider switch"), isoDay(soon));
  const edge = await createRelease(request, unique("Year-end reconciliation"), isoDay(last));
  await page.goto("/");
  await hydrated(page);
  await page.keyboard.press("w");
  await expect(page).toHaveURL(/view=timeline/);
  await expect(page.getByRole("link", { name: "Timeline" })).toHaveAttribute("aria-current", "page");
  const bar = chip(page, long.title);
  await expect(bar).toBeVisible();
  // The title is not cut: it fits in its bar's label room.
  const cut = await bar.locator(".chip-title").evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(cut).toBe(false);
  // The window opens scrolled to today, with the past to the left.
  const scroller = page.locator(".timeline-scroll");
  expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await expect(page.locator(".tl-today")).toHaveCount(1);
  // A bar on the last day keeps its label inside the timeline.
  const edgeBar = chip(page, edge.title);
  await edgeBar.scrollIntoViewIfNeeded();
  const inside = await edgeBar.evaluate((el) => {
    const timeline = el.closest(".timeline")!.getBoundingClientRect();
    const text = el.querySelector(".chip-title") as HTMLElement;
    return el.getBoundingClientRect().right <= timeline.right + 1 && text.scrollWidth <= text.clientWidth + 1;
  });
  expect(inside).toBe(true);
  // The calendar quarters stay a choice.
  await page.getByRole("link", { name: "Quarter" }).click();
  await expect(page).toHaveURL(/view=quarter/);
});
