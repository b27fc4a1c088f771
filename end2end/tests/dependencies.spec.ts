import { Page, expect } from "@playwright/test";
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
