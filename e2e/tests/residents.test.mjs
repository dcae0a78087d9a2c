// Residents as a worker meets them: register with a typo caught, see only masked numbers, reveal
// with a reason, find by pinyin initials — on a phone-sized screen.
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

test("register a resident, mask, reveal with a reason, find by initials", async () => {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await login(page, server.base, "worker");
  await page.waitForURL(server.base + "/");
  await page.goto(server.base + "/residents/new");
  await page.fill("#name", "单小红");
  await page.fill("#id_number", "370102195003150019"); // wrong check digit
  await page.fill("#phone", "13853125678");
  await page.fill("#address", "甸柳一区 3 号楼 2 单元 301");
  await page.check('input[name="tags"][value="elderly_alone"]');
  await page.click("#save-resident");
  await page.waitForSelector("#resident-errors");
  assert.match(await page.textContent("#resident-errors"), /校验/);
  // What was typed is still there; fix the one digit.
  assert.equal(await page.inputValue("#name"), "单小红");
  assert.equal(await page.inputValue("#address"), "甸柳一区 3 号楼 2 单元 301");
  assert.ok(await page.isChecked('input[name="tags"][value="elderly_alone"]'));
  await page.fill("#id_number", "370102195003150018");
  await page.click("#save-resident");
  await page.waitForURL(/\/residents\/[0-9a-f-]{36}$/);
  assert.equal(await page.textContent("#id-number"), "370102********0018");
  assert.equal(await page.textContent("#phone"), "138****5678");
  // Reveal needs a reason.
  await page.fill("#reason", "核对低保申请材料");
  await page.click("#reveal-button");
  await page.waitForSelector("#revealed-note");
  assert.equal(await page.textContent("#id-number"), "370102195003150018");
  // Found again by pinyin initials of either reading of 单.
  await page.goto(server.base + "/residents?q=sxh");
  assert.ok((await page.textContent("#residents")).includes("单小红"));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, "no sideways scrolling on a phone: " + width);
  assert.deepEqual(errors, []);
  await context.close();
});
