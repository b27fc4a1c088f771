import { request, FullConfig } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { AUTH, DEMO_PASSWORD, PEOPLE } from "./people";

/** Signs in once as each demo person and saves their cookies for the tests to start from. */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL!;
  mkdirSync(AUTH.dir, { recursive: true });
  for (const [who, email] of Object.entries(PEOPLE)) {
    const context = await request.newContext({ baseURL });
    const res = await context.post("/api/sign_in", {
      headers: { Accept: "application/json", Origin: baseURL },
      form: { email, password: DEMO_PASSWORD },
    });
    if (res.status() !== 200) {
      throw new Error(`signing in as ${email} failed: ${res.status()} ${await res.text()}`);
    }
    await context.storageState({ path: AUTH.file(who as keyof typeof PEOPLE) });
    await context.dispose();
  }
}
