// Log in, switch language, log out, a wrong password, a locked account: in a real browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, login, PASSWORD } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a worker logs in, switches to English and back, and logs out", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  await login(page, server.base, "worker");
  await page.waitForURL(server.base + "/");
  assert.match(await page.textContent("#welcome"), /您好，李娜/);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");

  await page.click("#lang-switch");
  await page.waitForURL(server.base + "/");
  assert.match(await page.textContent("#welcome"), /Hello, /);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.textContent("nav.main-nav"), /Service catalog/);

  await page.click("#lang-switch");
  assert.match(await page.textContent("#welcome"), /您好/);

  await page.click("#logout");
  await page.waitForURL(/\/login\?bye=1$/);
  assert.match(await page.textContent("#login-message"), /已安全退出/);
  await page.goto(server.base + "/");
  assert.match(page.url(), /\/login\?next=/, "after logout the home page asks to log in again");
  assert.deepEqual(errors, [], "no script errors or CSP violations");
  await context.close();
});

test("English by Accept-Language before any choice", async () => {
  const context = await browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  await page.goto(server.base + "/login");
  assert.equal(await page.textContent("h1"), "Log in");
  await context.close();
});

test("a wrong password says so without telling whether the account exists", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await login(page, server.base, "admin", "this-is-not-it-123");
  const known = await page.textContent("#login-message");
  assert.match(known, /用户名或密码不正确/);
  assert.equal(await page.inputValue("#username"), "admin", "the form keeps the user name");
  await login(page, server.base, "no-such-person", "this-is-not-it-123");
  assert.equal(await page.textContent("#login-message"), known);
  await context.close();
});

test("five failures lock the account for 15 minutes, even for the right password", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  for (let i = 0; i < 5; i++) {
    await login(page, server.base, "reviewer", "wrong-password-" + i);
  }
  assert.match(await page.textContent("#login-message"), /已被锁定15分钟/);
  await login(page, server.base, "reviewer", PASSWORD);
  assert.match(await page.textContent("#login-message"), /已被锁定15分钟/);
  assert.equal(page.url(), server.base + "/login");
  await context.close();
});

test("pages fit a phone and print without navigation", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await login(page, server.base, "admin");
  await page.goto(server.base + "/admin/users");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scrolling on a phone (overflow ${overflow}px)`);
  if (process.env.QUANKE_SCREENSHOTS) {
    await page.screenshot({ path: process.env.QUANKE_SCREENSHOTS + "/users-phone.png", fullPage: true });
  }
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible("nav.main-nav"), false);
  await context.close();
});
