import path from "node:path";
import { defineConfig } from "@playwright/test";

// e2e runs the production build on its own port and its own database (never the dev one), in
// Debian's Chromium: browsers are never downloaded (docs/decisions/004-e2e-on-debian-chromium.md).
const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = path.resolve("tmp/e2e-data");

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "zh-TW",
    timezoneId: "Asia/Taipei",
    trace: "retain-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    // SEED_DEMO_EXAM=false: the exam e2e imports the demo bank file and builds the paper itself.
    env: { PORT: String(PORT), DATA_DIR, SESSION_SECRET: "e2e-session-secret-that-is-long-enough-0123", SEED_DEMO_EXAM: "false" },
  },
});
