import { join } from "node:path";

/** The demo organisation's accounts (server/src/demo.rs), one per role. */
export const PEOPLE = {
  alex: "alex@acme.test", // administrator
  dana: "dana@acme.test", // PM, Checkout
  jonas: "jonas@acme.test", // Engineering, Payments API
  lena: "lena@acme.test", // Viewer, Partners
};
export const DEMO_PASSWORD = "acme-pay-demo";

export const AUTH = {
  dir: join(__dirname, "..", ".auth"),
  file: (who: keyof typeof PEOPLE) => join(__dirname, "..", ".auth", `${who}.json`),
};
