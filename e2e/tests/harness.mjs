// Start the real quanke binary on a fresh SQLite database and open Debian's Chromium on it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const PASSWORD = "browser-test-密码-2026";
const root = resolve(import.meta.dirname, "..", "..");
const bin = process.env.QUANKE_BIN || join(root, "target", "debug", "quanke");

/** Start quanke with the demo; resolves to { base, stop }. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "quanke-e2e-"));
  const child = spawn(bin, ["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir", dir], {
    env: { ...process.env, QUANKE_DEMO_PASSWORD: PASSWORD, QUANKE_LOG: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const base = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error("quanke did not start: " + err)), 60000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/serving on (http:\/\/[0-9.:]+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on("exit", (code) => fail(new Error(`quanke exited ${code}: ${err}`)));
  });
  return {
    base,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing reaching the network. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/** Log in through the form like a person would. */
export async function login(page, base, user, password = PASSWORD) {
  await page.goto(base + "/login");
  await page.fill("#username", user);
  await page.fill("#password", password);
  await page.click("#login-submit");
}
