import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTH } from "./tests/people";

// Each run starts the built server on its own port with a fresh SQLite database holding the
// demo organisation, so tests see the same data every time.
const port = Number(process.env.FLOTILLA_E2E_PORT ?? 3100);
const dataDir = mkdtempSync(join(tmpdir(), "flotilla-e2e-"));
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  globalSetup: "./tests/global-setup.ts",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Tests act as the demo administrator unless they pick someone else.
    storageState: AUTH.file("alex"),
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: process.env.FLOTILLA_E2E_SERVER ?? "../target/debug/flotilla",
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      FLOTILLA_ADDR: `127.0.0.1:${port}`,
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_SITE_ROOT: process.env.FLOTILLA_SITE_ROOT ?? "../target/site",
      FLOTILLA_DEMO: "true",
      RUST_LOG: "warn",
    },
  },
});
