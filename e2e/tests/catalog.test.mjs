// The catalog as a worker meets it: the search box on every page suggests guides as they type.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, login } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("typing pinyin initials in the header's search box suggests the guide", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await login(page, server.base, "worker");
  await page.waitForURL(server.base + "/");
  await page.type("#catalog-q", "dbsq", { delay: 40 });
  await page.waitForSelector(".suggest-items a");
  const hrefs = await page.$$eval(".suggest-items a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.slice(0, 3).includes("/catalog/MZ-001-01"), "dbsq → 低保新申请 among the first three: " + hrefs);
  await page.click('.suggest-items a[href="/catalog/MZ-001-01"]');
  await page.waitForURL(server.base + "/catalog/MZ-001-01");
  assert.match(await page.textContent("#guide-title"), /最低生活保障新申请/);
  await page.click("#print-link");
  await page.waitForURL(/\/print$/);
  assert.ok(await page.isVisible("#print-now"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a resident's own words find the guide from the results page", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await login(page, server.base, "grid");
  await page.goto(server.base + "/catalog");
  await page.fill("#catalog-q", "我爸八十多了有什么补贴");
  await page.press("#catalog-q", "Enter");
  await page.waitForURL(/\/catalog\/search\?q=/);
  const hrefs = await page.$$eval("#results a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.slice(0, 3).includes("/catalog/MZ-004-01"), "高龄津贴 among the first three: " + hrefs);
  await context.close();
});
