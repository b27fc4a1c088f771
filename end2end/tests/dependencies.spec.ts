import { APIRequestContext, Page, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { Release, baseURL, chip, createRelease, day, hydrated, panel, test, unique } from "./support";

const JULY = "/?view=month&date=2027-07-01";

async function openDependencies(page: Page, release: Release) {
  await page.goto(`${JULY}&release=${release.id}`);
  await hydrated(page);
  await panel(page).getByRole("tab", { name: "Dependencies" }).click();
}

test("add a dependency, move what it needs later with the what-if, and see the conflict everywhere", async ({ page, request }) => {
  const api = await createRelease(request, unique("Payments API"), "2027-07-05");
  const flow = await createRelease(request, unique("Payment flow"), "2027-07-07");

  await openDependencies(page, flow);
  const tab = panel(page).getByRole("tabpanel", { name: "Dependencies" });
  await expect(tab).toContainText("Nothing recorded.");
  await tab.getByText("Add a dependency").click();
  await tab.getByLabel("Find the release this one needs").fill(api.title);
  await expect(tab.locator("#dep-upstream")).toContainText(api.title);
  await tab.getByLabel("Kind").selectOption({ label: "API" });
  await tab.getByLabel("Lead time (days)").fill("1");
  await tab.getByRole("button", { name: "Add dependency" }).click();
  const row = tab.locator(".dep", { hasText: api.title });
  await expect(row).toContainText("API · 1 day lead");
  await expect(row).toContainText("✓ Holds");
  const axe = await new AxeBuilder({ page })
    .include("aside.panel")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Dragging what it needs past it asks first, naming the conflict and who it concerns.
  await page.goto(JULY);
  await hydrated(page);
  await chip(page, api.title).dragTo(day(page, "2027-07-09"));
  const dialog = page.getByRole("dialog", { name: `Move “${api.title}” to Fri 9 Jul 2027?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("1 new conflict");
  await expect(dialog).toContainText(`${flow.title}: Needs “${api.title}” (Checkout, API) first: ships no earlier than 10 Jul 2027`);
  await expect(dialog).toContainText("“Move dependents too” would move");

  // Cancel leaves everything where it was.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(day(page, "2027-07-05").locator(".chip", { hasText: api.title })).toBeVisible();

  await chip(page, api.title).dragTo(day(page, "2027-07-09"));
  await dialog.getByRole("button", { name: "Move only this release" }).click();
  await expect(page.locator(".toast")).toContainText(`Moved “${api.title}” to Fri 9 Jul`);
  const conflict = `Needs “${api.title}” (Checkout, API) first: ships no earlier than 10 Jul 2027`;
  await expect(chip(page, flow.title)).toHaveAttribute("aria-label", new RegExp(`Conflict: .*${conflict.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));

  // The release page says the same, in its banner and on its Dependencies tab.
  await openDependencies(page, flow);
  await expect(panel(page).locator(".conflict-banner")).toContainText(conflict);
  await expect(panel(page).locator(".dep", { hasText: api.title })).toContainText(`✕ ${conflict}`);

  // Moving it again with its dependents keeps the lead time.
  await page.goto(JULY);
  await hydrated(page);
  await chip(page, api.title).dragTo(day(page, "2027-07-12"));
  const again = page.getByRole("dialog", { name: `Move “${api.title}” to Mon 12 Jul 2027?` });
  await expect(again).toContainText(`${flow.title}: 7 Jul 2027 → 13 Jul 2027`);
  await again.getByRole("button", { name: "Move dependents too (1)" }).click();
  await expect(page.locator(".toast")).toContainText("and 1 dependent release");
  await expect(day(page, "2027-07-13").locator(".chip", { hasText: flow.title })).toBeVisible();
  await expect(chip(page, flow.title)).not.toHaveAttribute("aria-label", /Conflict/);
});

test("a dependency that would close a cycle is refused, naming it", async ({ page, request }) => {
  const first = await createRelease(request, unique("Checkout"), "2027-07-14");
  const second = await createRelease(request, unique("Fraud"), "2027-07-15");
  const res = await request.post("/api/add_dependency", {
    headers: { Accept: "application/json", Origin: baseURL() },
    form: { release: String(second.id), "form[upstream]": String(first.id), "form[kind]": "fraud_rules", "form[lead_days]": "0", "form[note]": "" },
  });
  expect(res.status(), await res.text()).toBe(200);

  await openDependencies(page, first);
  const tab = panel(page).getByRole("tabpanel", { name: "Dependencies" });
  await expect(tab.locator(".dep", { hasText: second.title })).toContainText("Fraud rules · no lead time");
  await tab.getByText("Add a dependency").click();
  await tab.getByLabel("Find the release this one needs").fill(second.title);
  await expect(tab.locator("#dep-upstream")).toContainText(second.title);
  await tab.getByRole("button", { name: "Add dependency" }).click();
  await expect(tab.locator("#dep-upstream-error")).toHaveText(
    `It would close a cycle: “${second.title}” → “${first.title}” → “${second.title}”.`,
  );
  await expect(tab.locator("#dep-upstream")).toHaveAttribute("aria-invalid", "true");
});

async function depend(request: APIRequestContext, dependent: Release, needed: Release, kind: string, lead: number) {
  const res = await request.post("/api/add_dependency", {
    headers: { Accept: "application/json", Origin: baseURL() },
    form: { release: String(dependent.id), "form[upstream]": String(needed.id), "form[kind]": kind, "form[lead_days]": String(lead), "form[note]": "" },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test("the map draws dependencies by kind, flags conflicts, and highlights a chosen release's chains", async ({ page, request }) => {
  const [a, b, c, d, e, f] = await Promise.all([
    createRelease(request, unique("Map A"), "2031-03-03"),
    createRelease(request, unique("Map B"), "2031-03-06"),
    createRelease(request, unique("Map C"), "2031-03-12"),
    createRelease(request, unique("Map D"), "2031-03-05"),
    createRelease(request, unique("Map E"), "2031-03-20"),
    createRelease(request, unique("Map F"), "2031-03-18"),
  ]);
  await depend(request, b, a, "api", 1);
  await depend(request, c, b, "data_etl", 2);
  await depend(request, c, d, "fraud_rules", 0);
  await depend(request, f, e, "support_docs", 0); // F before E: a conflict

  const period = "/map?from=2031-03-01&to=2031-03-31";
  await page.goto(period);
  await hydrated(page);
  await expect(page.locator(".map-node")).toHaveCount(6);
  await expect(page.locator("path.map-edge")).toHaveCount(4);
  await expect(page.locator("path.map-edge.k-api")).toHaveCount(1);
  await expect(page.locator("path.map-edge.broken")).toHaveCount(1);
  const flag = page.locator(".edge-flag");
  await expect(flag).toHaveAttribute("aria-label", `${f.title}: Needs “${e.title}” (Checkout, Support macros / docs) first: ships no earlier than 20 Mar 2031`);

  // Choosing C: what it needs stays lit, the rest dims, and the longest chain is named.
  await page.locator(".map-node", { hasText: c.title }).click();
  await expect(page).toHaveURL(/focus=/);
  const card = page.locator(".map-card");
  await expect(card).toContainText("Depends on 3 releases; 0 depend on it.");
  await expect(card).toContainText(`Longest chain (2 links): ${a.title} → ${b.title} → ${c.title}`);
  for (const lit of [a, b, c, d]) {
    await expect(page.locator(".map-node", { hasText: lit.title })).not.toHaveClass(/dim/);
  }
  await expect(page.locator(".map-node", { hasText: e.title })).toHaveClass(/dim/);
  await expect(page.locator("path.map-edge.longest")).toHaveCount(2);
  await card.getByRole("link", { name: "Open release" }).click();
  await expect(panel(page).getByRole("heading", { name: c.title })).toBeVisible();

  // Dragging B along its lane asks first (C depends on it), then moves it.
  await page.goto(period);
  await hydrated(page);
  const node = page.locator(".map-node", { hasText: b.title });
  const box = (await node.boundingBox())!;
  const dayWidth = 10; // the default zoom
  await node.dragTo(page.locator(".map-body"), {
    sourcePosition: { x: 5, y: 5 },
    targetPosition: { x: box.x - (await page.locator(".map-body").boundingBox())!.x + 5 + 7 * dayWidth, y: box.y - (await page.locator(".map-body").boundingBox())!.y + 5 },
  });
  const asked = page.getByRole("dialog", { name: `Move “${b.title}” to 13 Mar 2031?` });
  await expect(asked).toContainText("1 new conflict");
  await asked.getByRole("button", { name: "Move only this release" }).click();
  await expect(page.locator(".toast")).toContainText(`Moved “${b.title}” to Thu 13 Mar`);
  await expect(page.locator("path.map-edge.broken")).toHaveCount(2);

  // Filters live in the URL: only conflicts, then one kind.
  await page.goto(`${period}&conflicts=1`);
  await expect(page.locator("path.map-edge")).toHaveCount(2);
  await page.goto(`${period}&kind=api,fraud_rules`);
  await expect(page.locator("path.map-edge")).toHaveCount(2);
  await expect(page.locator(".map-node")).toHaveCount(4);
});

test("the map's table is operated with the keyboard alone", async ({ page, request }) => {
  const needed = await createRelease(request, unique("Table needed"), "2031-05-12");
  const dependent = await createRelease(request, unique("Table dependent"), "2031-05-09");
  await depend(request, dependent, needed, "api", 2);
  await page.goto("/map?from=2031-05-01&to=2031-05-31");
  await hydrated(page);
  await page.getByRole("link", { name: "Table", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/view=table/);
  const table = page.getByRole("table");
  const row = table.locator("tbody tr").first();
  await expect(row).toContainText("-5 d");
  await expect(row).toContainText(`✕ Needs “${needed.title}” (Checkout, API) first: ships no earlier than 14 May 2031`);
  // Tab reaches the tightest dependency's first link; Enter opens that release.
  const first = row.getByRole("link", { name: needed.title });
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if (await first.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(first).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel(page).getByRole("heading", { name: needed.title })).toBeVisible();
});

test("a new release's checklist: dismiss one item, link another, create a placeholder for the last", async ({ page, request }) => {
  const pricing = await createRelease(request, unique("Tiers"), "2027-08-18", { "form[kind]": "pricing" });
  const demo = await createRelease(request, unique("Demo flow"), "2027-08-09");
  await page.goto(`/?view=month&date=2027-08-01&release=${pricing.id}`);
  await hydrated(page);
  const note = panel(page).getByRole("button", { name: "☐ 3 unchecked dependencies" });
  await note.click();
  const tab = panel(page).getByRole("tabpanel", { name: "Dependencies" });
  const item = (text: string) => tab.locator(".checklist-item", { hasText: text });

  await item("Billing plans").getByRole("button", { name: "Dismiss…" }).click();
  await item("Billing plans").getByLabel("Why does it not apply?").fill("Invoices show no tier names");
  await item("Billing plans").getByRole("button", { name: "Dismiss item" }).click();
  await expect(item("Billing plans")).toContainText("Dismissed: Invoices show no tier names");

  await item("Onboarding and demo flows").getByRole("button", { name: "Link a release" }).click();
  await expect(tab.locator("#dep-kind")).toHaveValue("onboarding_demo");
  await tab.getByLabel("Find the release this one needs").fill(demo.title);
  await expect(tab.locator("#dep-upstream")).toContainText(demo.title);
  await tab.getByRole("button", { name: "Add dependency" }).click();
  await expect(item("Onboarding and demo flows")).toContainText("✓ A dependency of this kind is recorded");

  await item("Support macros").getByRole("button", { name: "Create placeholder…" }).click();
  await item("Support macros").getByLabel("Team that owns it").selectOption({ label: "Support" });
  await item("Support macros").getByRole("button", { name: "Create placeholder", exact: true }).click();
  await expect(item("Support macros")).toContainText("✓ A dependency of this kind is recorded");
  await expect(tab.locator(".dep", { hasText: "Support macros and help articles for the new prices" }).first()).toBeVisible();
  await expect(tab).toContainText("Every item is answered.");
});
