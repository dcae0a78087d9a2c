// The service hall as the people in it meet it: a resident takes a ticket at the kiosk, a worker
// calls it from a window, and the display board on the hall's screen shows the call at once.
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

test("kiosk ticket → window call → the display board shows it live", async () => {
  const errors = [];
  // The worker opens the hall and finds the devices' links.
  const staff = await browser.newContext({ locale: "zh-CN" });
  const worker = await staff.newPage();
  worker.on("pageerror", (e) => errors.push(e.message));
  await login(worker, server.base, "worker");
  await worker.waitForURL(server.base + "/");
  await worker.goto(server.base + "/queue");
  await worker.waitForURL(/\/queue\/370102-003-001$/);
  const kioskHref = await worker.getAttribute("#kiosk-link", "href");
  const boardHref = await worker.getAttribute("#board-link", "href");

  // The hall's screen (no login) opens the board and connects.
  const screen = await browser.newContext({ locale: "zh-CN" });
  const board = await screen.newPage();
  board.on("pageerror", (e) => errors.push(e.message));
  await board.goto(server.base + boardHref);
  await board.waitForSelector("#board[data-connected]");

  // A resident at the door (another device, no login) takes a ticket for civil affairs.
  const door = await browser.newContext({ locale: "zh-CN" });
  const kiosk = await door.newPage();
  kiosk.on("pageerror", (e) => errors.push(e.message));
  await kiosk.goto(server.base + kioskHref);
  await kiosk.click("#take-MZ");
  await kiosk.waitForSelector("#ticket-number");
  const number = (await kiosk.textContent("#ticket-number")).trim();
  assert.match(number, /^D\d{3}$/);
  assert.match(await kiosk.textContent("#ticket-ahead"), /前面还有/);
  assert.ok(await kiosk.isVisible(".ticket-qr svg"));

  // The worker calls the next resident at window 2.
  await worker.goto(server.base + "/queue/370102-003-001/window/2");
  await worker.click("#call-next");
  await worker.waitForSelector("#current-number");
  assert.equal((await worker.textContent("#current-number")).trim(), number);

  // The board shows it without being reloaded.
  await board.waitForFunction(
    (n) => document.querySelector("#board-current")?.textContent.includes(n),
    number,
    { timeout: 10000 },
  );
  assert.match(await board.textContent("#board-current"), /窗口 2/);
  const rows = await board.$$eval("#board-calls tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.ok(rows.some((r) => r.includes(number)), rows.join("|"));

  // Served to the end, the window is free again.
  await worker.click("#start");
  await worker.waitForSelector("#finish");
  await worker.click("#finish");
  await worker.waitForSelector("#call-next");
  assert.deepEqual(errors, []);
  await Promise.all([staff.close(), screen.close(), door.close()]);
});
