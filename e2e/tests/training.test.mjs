// An exam as a worker takes it in the browser: each answer saved at once, a reload in the middle
// loses nothing, the server's clock is shown, and the result comes with the missed questions.
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

test("take an exam, reload in the middle, answers kept, submit, see the result", async () => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => d.accept());
  await login(page, server.base, "worker");
  await page.waitForURL(server.base + "/");
  await page.goto(server.base + "/training/exams");
  await page.click('#exam-list a[href^="/training/exams/"]');
  await page.click("#start-exam");
  await page.waitForSelector("#exam-form");
  assert.match(await page.textContent("#timer-value"), /^(19|20):\d\d$/);
  const total = await page.locator("fieldset[data-position]").count();
  assert.equal(total, 10);

  // Answer the first half; each is saved as it is given.
  for (let i = 0; i < 5; i++) {
    await page.locator(`#q${i} input`).first().check();
    await page.waitForSelector(`#q${i}[data-saved="1"]`);
  }
  assert.equal(await page.textContent("#answered-count"), "5");

  // A reload (a closed browser, a lost connection): the same questions, the answers still there.
  const before = await page.$$eval("fieldset legend", (ls) => ls.map((l) => l.textContent));
  await page.reload();
  await page.waitForSelector("#exam-form");
  const after = await page.$$eval("fieldset legend", (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(after, before);
  for (let i = 0; i < 5; i++) {
    assert.ok(await page.locator(`#q${i} input`).first().isChecked(), `question ${i} kept`);
  }
  assert.equal(await page.textContent("#answered-count"), "5");

  // Answer the rest and submit.
  for (let i = 5; i < total; i++) {
    await page.locator(`#q${i} input`).first().check();
  }
  await page.click("#submit-exam");
  await page.waitForSelector("#exam-result");
  assert.match(await page.textContent("#score"), /^\d+%$/);
  const passed = await page.isVisible("#passed");
  const failed = await page.isVisible("#failed");
  assert.ok(passed || failed);
  // Missed questions are explained with a link to their guide.
  const missed = await page.locator("section.missed").count();
  if (missed > 0) {
    const href = await page.locator("section.missed a[href^='/catalog/']").first().getAttribute("href");
    assert.match(href, /^\/catalog\/(MZ|JS)-\d{3}-\d{2}$/);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
