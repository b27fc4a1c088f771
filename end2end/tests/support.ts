import { APIRequestContext, Page, expect, test as base } from "@playwright/test";
import { AUTH } from "./people";

/** Playwright's test, with `request` signed in as the demo administrator (the same person as
 * the default page), so data the tests set up through the API is made by someone allowed to. */
export const test = base.extend({
  request: async ({ playwright }, use) => {
    const context = await playwright.request.newContext({ baseURL: baseURL(), storageState: AUTH.file("alex") });
    await use(context);
    await context.dispose();
  },
});

/** Waits until the page has hydrated (the app marks <body> once its wasm runs). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 30_000 });
}

export type Release = { id: number; version: number; title: string; schedule: { target: string } };

/** The server's origin; server functions refuse posts without a same-site Origin. */
export function baseURL() {
  return `http://127.0.0.1:${process.env.FLOTILLA_E2E_PORT ?? 3100}`;
}

/** Creates a release through the server function, as the side panel does. */
export async function createRelease(
  request: APIRequestContext,
  title: string,
  date: string,
  extra: Record<string, string> = {},
): Promise<Release> {
  const res = await request.post("/api/create_release", {
    headers: { Accept: "application/json", Origin: baseURL() },
    form: {
      "form[title]": title,
      "form[team_id]": "1",
      "form[kind]": "feature",
      "form[target_date]": date,
      "form[status]": "planned",
      "form[owner]": "E2E",
      ...extra,
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** A unique title, so tests never collide with demo data or each other. */
export function unique(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export function chip(page: Page, title: string) {
  return page.locator(".chip", { hasText: title });
}

export function day(page: Page, date: string) {
  return page.locator(`.day[data-date="${date}"]`);
}

/** The side panel (create / edit / delete). */
export function panel(page: Page) {
  return page.locator("aside.panel");
}

/** Moves a release through the server function, as dragging does. */
export async function reschedule(request: APIRequestContext, release: Release, date: string) {
  const res = await request.post("/api/reschedule_release", {
    headers: { Accept: "application/json", Origin: baseURL() },
    form: { id: String(release.id), version: String(release.version), target_date: date },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Release;
}
