import { expect } from "@playwright/test";
import { createRelease, hydrated, reschedule, test, unique } from "./support";

function inDays(n: number) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

test("what ships when lists public releases week by week with confidence", async ({ page, request }) => {
  const shown = await createRelease(request, unique("Public launch"), inDays(15), { "form[public]": "on" });
  const hidden = await createRelease(request, unique("Internal only"), inDays(15));
  await page.goto("/ships");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "What ships when", level: 1 })).toBeVisible();
  const item = page.locator(".ship", { hasText: shown.title });
  await expect(item).toBeVisible();
  await expect(item).toContainText("planned");
  await expect(item).toContainText("date unchanged since planned");
  await expect(page.locator(".ship", { hasText: hidden.title })).toHaveCount(0);
  await expect(page.locator(".week h2").first()).toContainText("Week of");
  // The demo's slipped webinar says from when to when it moved.
  await expect(page.locator(".ship", { hasText: "Webinar: Mobile payments 3.0" })).toContainText(/moved from \d+ \w{3} to \d+ \w{3}, today/);
  // What each confidence means is said once, above the list.
  await expect(page.getByRole("definition").filter({ hasText: "safe to announce" })).toBeVisible();
});

function short(iso: string) {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${d.getUTCDate()} ${d.toLocaleString("en-GB", { month: "short", timeZone: "UTC" })}`;
}

test("a moved release says from when to when, and the plan filters by team and kind", async ({ page, request }) => {
  const moved = await createRelease(request, unique("Slipped launch"), inDays(20), { "form[public]": "on" });
  await reschedule(request, moved, inDays(27));
  const mobile = await createRelease(request, unique("Mobile pricing"), inDays(20), {
    "form[public]": "on",
    "form[team_id]": "2",
    "form[kind]": "pricing",
  });
  await page.goto("/ships");
  await hydrated(page);
  await expect(page.locator(".ship", { hasText: moved.title })).toContainText(
    `moved from ${short(inDays(20))} to ${short(inDays(27))}, today`,
  );
  await page.getByLabel("Team").selectOption({ label: "Mobile" });
  await expect(page).toHaveURL(/team=2/);
  await expect(page.locator(".ship", { hasText: mobile.title })).toBeVisible();
  await expect(page.locator(".ship", { hasText: moved.title })).toHaveCount(0);
  await page.getByLabel("Kind").selectOption({ label: "Feature" });
  await expect(page).toHaveURL(/kind=feature/);
  await expect(page.locator(".ship", { hasText: mobile.title })).toHaveCount(0);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page.locator(".ship", { hasText: moved.title })).toBeVisible();
});
