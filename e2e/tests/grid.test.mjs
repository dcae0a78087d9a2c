// The grid as its people meet it on a phone: a community worker imports residents from a
// spreadsheet (checked first, bad rows named, then the good rows), finds them on the grid lists;
// a grid worker opens a household of their grid and records a visit (a form with a mistake keeps
// what was typed).
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

const phone = { locale: "zh-CN", viewport: { width: 390, height: 844 } };

async function noSideways(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, "no sideways scrolling on a phone: " + width);
}

test("import residents: check, bad rows named, good rows imported, found on the lists", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await login(page, server.base, "worker");
  await page.waitForURL(server.base + "/");
  await page.goto(server.base + "/grid");
  await page.click("#go-import");
  await page.waitForURL(server.base + "/grid/import");
  await noSideways(page);
  // 11010519491231002X is valid; 110105194912310021 has a wrong check digit.
  const csv =
    "姓名,身份证号,联系电话,楼栋,单元,房号,标签\n" +
    "欧阳秀兰,11010519491231002X,13953178888,1号楼,2,808,独居老人\n" +
    "错号的人,110105194912310021,,,,,\n";
  await page.selectOption("#kind", "residents");
  await page.setInputFiles("#file", { name: "居民.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.click("#import-check");
  await page.waitForSelector("#import-result");
  assert.match(await page.textContent("#import-result"), /检查完成，未保存任何数据/);
  assert.match(await page.textContent("#import-problems"), /第 3 行：身份证号/);
  // Import the good row only.
  await page.goto(server.base + "/grid/import");
  await page.selectOption("#kind", "residents");
  await page.setInputFiles("#file", { name: "居民.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.check('input[name="accept_good_rows"]');
  await page.click("#import-go");
  await page.waitForSelector("#import-result");
  assert.match(await page.textContent("#import-result"), /已导入/);
  assert.match(await page.textContent("#import-counts"), /新增 1/);
  // On the list of elderly living alone, with their room.
  await page.goto(server.base + "/grid/people?tag=elderly_alone");
  const list = await page.textContent("#people");
  assert.ok(list.includes("欧阳秀兰"), list);
  assert.ok(list.includes("1号楼 2单元 808"), list);
  await noSideways(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a grid worker records a visit to a household of their grid", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await login(page, server.base, "grid");
  await page.waitForURL(server.base + "/");
  await page.goto(server.base + "/grid");
  assert.ok(await page.isVisible("#grid-summary"));
  await page.goto(server.base + "/grid/households");
  await page.click("#households tbody tr:first-child a");
  await page.waitForURL(/\/grid\/households\/[0-9a-f-]{36}$/);
  await noSideways(page);
  // A mistake: nothing found written; the follow-up stays.
  await page.fill("#follow_up", "下周送米面油");
  await page.click("#save-visit");
  await page.waitForSelector("#visit-errors");
  assert.match(await page.textContent("#visit-errors"), /请填写走访情况/);
  assert.equal(await page.inputValue("#follow_up"), "下周送米面油");
  await page.fill("#found", "老人精神好，家中暖气正常");
  await page.click("#save-visit");
  await page.waitForSelector("#visits li");
  const history = await page.textContent("#visits");
  assert.ok(history.includes("老人精神好，家中暖气正常"), history);
  assert.ok(history.includes("下周送米面油"), history);
  // The visiting duties page opens on a phone too.
  await page.goto(server.base + "/grid/due?all=1");
  await page.waitForSelector("#duties");
  await noSideways(page);
  assert.deepEqual(errors, []);
  await context.close();
});
