import { expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { hydrated, test } from "./support";

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    for (const [name, path] of [
      ["month calendar", "/"],
      ["rolling timeline", "/?view=timeline"],
      ["quarter timeline", "/?view=quarter"],
      ["edit panel", "/?release=1"],
      ["what ships when", "/ships"],
      ["dependency map", "/map"],
      ["dependency map, a release chosen", "/map?focus=1"],
      ["dependency map as a table", "/map?view=table"],
      ["people", "/admin/users"],
      ["API tokens", "/settings/tokens"],
      ["sign-in page", "/sign-in"],
    ]) {
      test(`${name} has no WCAG 2.2 A/AA violations`, async ({ page, browser }) => {
        if (path === "/sign-in") {
          // Signed-in people are sent on from the sign-in page; look at it signed out.
          page = await (await browser.newContext({ colorScheme, storageState: { cookies: [], origins: [] } })).newPage();
        }
        await page.goto(path);
        await hydrated(page);
        const results = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
          .analyze();
        const summary = results.violations.map(
          (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`,
        );
        expect(summary).toEqual([]);
      });
    }
  });
}
