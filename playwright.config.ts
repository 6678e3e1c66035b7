import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { TEST_OIDC_CLIENT } from "./e2e/oidc-test-client";

// The suite runs against the production build started exactly as users start
// it (scripts/start.ts), on a throwaway data folder so the demo seed is fresh.

const PORT = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `touchstone-e2e-${process.pid}`);
process.env.E2E_DATA_DIR = dataDir;
// The test OIDC issuer (e2e/oidc-provider.ts, started by e2e/sso.spec.ts) on a
// fixed port next to the app's. The app only fetches its discovery document
// at a sign-in through it, so the other specs never need it running; they
// still sign in with passwords (OIDC_ONLY stays off).
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? PORT + 1000);
process.env.E2E_OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;

function chromiumExecutable() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  // Debian's Chromium where present; otherwise Playwright's own browser.
  return ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((candidate) => fs.existsSync(candidate));
}

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? "line" : "list",
  // One folder per port: parallel runs must not delete each other's traces.
  outputDir: path.join(os.tmpdir(), `touchstone-e2e-results-${PORT}`),
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `http://localhost:${PORT}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGINT is the Ctrl-C path: the launcher stops Next.js, then PostgreSQL.
    gracefulShutdown: { signal: "SIGINT", timeout: 15_000 },
    env: {
      PORT: String(PORT),
      TOUCHSTONE_DATA_DIR: dataDir,
      TOUCHSTONE_PG_PORT: "55300",
      NEXT_TELEMETRY_DISABLED: "1",
      OIDC_ISSUER: process.env.E2E_OIDC_ISSUER,
      OIDC_CLIENT_ID: TEST_OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: TEST_OIDC_CLIENT.secret,
      OIDC_NAME: "Test SSO",
    },
  },
});
