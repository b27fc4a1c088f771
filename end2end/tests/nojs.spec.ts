import { expect } from "@playwright/test";
import { createRelease, day, panel, test, unique } from "./support";

test.use({ javaScriptEnabled: false });

test("the calendar renders without JavaScript", async ({ page, request }) => {
  const release = await createRelease(request, unique("Static"), "2027-07-07");
  await page.goto("/?view=month&date=2027-07-01");
  await expect(page.getByRole("heading", { name: "July 2027" })).toBeVisible();
  await expect(day(page, "2027-07-07").locator(".chip", { hasText: release.title })).toBeVisible();
});

test("the create form submits without JavaScript", async ({ page }) => {
  const title = unique("No JS");
  await page.goto("/?view=month&date=2027-07-01&new=2027-07-08");
  await panel(page).getByLabel("Title", { exact: true }).fill(title);
  await panel(page).getByLabel("Team").selectOption({ label: "Web" });
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page).toHaveURL(/date=2027-07-01/);
  await expect(page).not.toHaveURL(/new=/);
  await expect(day(page, "2027-07-08").locator(".chip", { hasText: title })).toBeVisible();
});

test("a field error shows without JavaScript", async ({ page }) => {
  await page.goto("/?view=month&date=2027-07-01&new=2027-07-09");
  await panel(page).getByLabel("Team").selectOption({ label: "Web" });
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page.locator("#release-title-error")).toHaveText("Title is required.");
});
