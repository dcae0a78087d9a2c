// One window, the whole path: search the guide → register the resident → one-time notice →
// accept with a receipt → approve → complete → the resident tracks the case and rates it.
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

test("intake at the window to the resident's rating", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const base = server.base;
  await login(page, base, "worker");
  await page.waitForURL(base + "/");
  // The guide from the resident's words.
  await page.goto(base + "/intake");
  await page.fill("#intake-q", "高龄津贴");
  await page.click("#intake-search");
  await page.click('#intake-results a[href="/intake/MZ-004-01"]');
  await page.waitForURL(base + "/intake/MZ-004-01");
  // Not registered yet: register, and come straight back with them as the applicant.
  await page.fill("#applicant-q", "钱秀兰");
  await page.click("#applicant-search");
  await page.waitForSelector("#no-applicant");
  await page.click("#register-resident");
  await page.waitForURL(base + "/residents/new?return_to=/intake/MZ-004-01");
  await page.fill("#name", "钱秀兰");
  await page.fill("#id_number", "370102194003150021");
  await page.fill("#phone", "13953125678");
  await page.fill("#address", "甸柳一区 5 号楼 1 单元 101");
  await page.click("#save-resident");
  await page.waitForURL(/\/intake\/MZ-004-01\?applicant=[0-9a-f-]{36}$/);
  await page.waitForSelector("#intake-form");
  assert.match(await page.textContent("#eligibility"), /符合/);
  // Only the ID card brought: the one-time notice lists everything else that is required.
  await page.check("#m-id_card");
  await page.click("#intake-submit");
  await page.waitForURL(/\/cases\/QK\d{8}-\d{4}\/notice$/);
  const missing = await page.textContent("#notice-missing");
  assert.match(missing, /社会保障卡/);
  assert.match(missing, /申领确认表/);
  assert.doesNotMatch(missing, /老人居民身份证/);
  // The resident comes back with everything: accepted, with a receipt and its QR code.
  await page.goto(base + "/intake/MZ-004-01?q=" + encodeURIComponent("钱秀兰"));
  await page.click("#choose-1");
  for (const m of ["id_card", "social_security_card", "application_form"]) {
    await page.check("#m-" + m);
  }
  await page.click("#intake-submit");
  await page.waitForURL(/\/receipt$/);
  const number = (await page.textContent("#receipt-number")).trim();
  assert.match(number, /^QK\d{8}-\d{4}$/);
  assert.ok(await page.isVisible("#receipt-qr svg"));
  assert.match(await page.textContent("#receipt-deadline"), /\d{4}-\d{2}-\d{2}/);
  // The worker approves the community's step.
  await page.goto(base + "/cases/" + number);
  await page.fill("#note", "材料齐全，社区初审通过");
  await page.click("#act-advance");
  await page.waitForSelector("#action-done");
  await page.click("#logout");
  // The reviewer approves the subdistrict's steps and completes the case.
  await login(page, base, "reviewer");
  await page.waitForURL(base + "/");
  await page.goto(base + "/cases");
  assert.ok((await page.textContent("#my-work")).includes(number), "waiting in the reviewer's list");
  await page.goto(base + "/cases/" + number);
  await page.click("#act-advance");
  await page.waitForSelector("#action-done");
  await page.click("#act-advance");
  await page.waitForSelector("#action-done");
  await page.fill("#note", "核准，自次月起发放");
  await page.click("#act-complete");
  await page.waitForSelector("#action-done");
  assert.match(await page.textContent("#case-status"), /已办结/);
  // The resident, not logged in, tracks the case and rates it.
  const resident = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const phone = await resident.newPage();
  await phone.goto(base + "/track");
  await phone.fill("#number", number);
  await phone.fill("#phone_last4", "5678");
  await phone.click("#track-submit");
  await phone.waitForURL(/\/track\/c\//);
  assert.match(await phone.textContent("#track-status"), /已办结/);
  assert.equal((await phone.textContent("#track-name")).trim(), "钱*兰");
  await phone.check("#rate-very_satisfied");
  await phone.fill("#comment", "一次就办好了");
  await phone.click("#rate-submit");
  await phone.waitForSelector("#rate-thanks");
  assert.match(await phone.textContent("#rated"), /非常满意/);
  assert.deepEqual(errors, []);
  await resident.close();
  await context.close();
});
