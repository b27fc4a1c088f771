import { expect } from "@playwright/test";
import { createRelease, hydrated, test, unique } from "./support";

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
  // The demo's slipped webinar says when it moved.
  await expect(page.locator(".ship", { hasText: "Webinar: Mobile payments 3.0" })).toContainText("moved today");
});
