// Tests of the headless-Chromium harness (tests/_harness/browser.ts) on temporary pages.
import assert from "node:assert/strict";
import { join } from "node:path";
import { openInChromium } from "../_harness/browser.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "browser-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Command lines of live processes whose arguments contain `hint` (reads /proc; no `ps` needed). */
async function processesMatching(hint: string): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(e.name) || e.name === String(Deno.pid)) continue;
    try {
      const cmd = (await Deno.readTextFile(`/proc/${e.name}/cmdline`)).replaceAll("\0", " ");
      if (cmd.includes(hint)) found.push(`${e.name}: ${cmd}`);
    } catch { /* exited meanwhile */ }
  }
  return found;
}

Deno.test("browser harness: Chinese text + inline SVG render; title, text and PNG come back", async () => {
  await withTempDir(async (dir) => {
    const html = join(dir, "report.html");
    await Deno.writeTextFile(
      html,
      `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>耕地调查报告 — 示例</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:24px} h1{font-size:28px}</style></head>
<body>
  <h1>村级耕地面积汇总</h1>
  <p>地块总数：<b id="n">3</b>，总面积 16.3 亩</p>
  <svg id="chart" xmlns="http://www.w3.org/2000/svg" width="320" height="120" role="img">
    <rect x="10" y="20" width="180" height="30" fill="#2a9d8f"></rect>
    <rect x="10" y="60" width="90" height="30" fill="#e9c46a"></rect>
    <text x="200" y="40" font-size="14">水田</text>
    <text x="110" y="80" font-size="14">旱地</text>
  </svg>
  <script>console.log("rendered", document.querySelectorAll("rect").length);</script>
</body></html>`,
    );
    const png = join(dir, "shot.png");
    const r = await openInChromium(html, { screenshot: png, width: 800, height: 400 });
    assert.deepEqual(r.consoleErrors, []);
    assert.deepEqual(r.networkRequests, []);
    assert.equal(r.title, "耕地调查报告 — 示例");
    assert.match(r.textContent, /村级耕地面积汇总/);
    assert.match(r.textContent, /地块总数：3，总面积 16\.3 亩/);
    assert.match(r.textContent, /水田/);
    assert.ok(r.consoleMessages.includes("log: rendered 2"), JSON.stringify(r.consoleMessages));
    const bytes = await Deno.readFile(png);
    assert.ok(bytes.length > 1000, `PNG too small: ${bytes.length} bytes`);
    assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE);
    // IHDR width/height = requested viewport.
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    assert.equal(view.getUint32(16), 800);
    assert.equal(view.getUint32(20), 400);
    if (Deno.env.get("KEEP_SCREENSHOT")) await Deno.copyFile(png, Deno.env.get("KEEP_SCREENSHOT")!);
  });
});

Deno.test("browser harness: script errors, console.error and rejections end up in consoleErrors", async () => {
  await withTempDir(async (dir) => {
    const html = join(dir, "broken.html");
    await Deno.writeTextFile(
      html,
      `<!doctype html><html><head><meta charset="utf-8"><title>broken</title></head><body>
<p>before</p>
<script>
  console.error("custom failure", 42);
  Promise.reject(new Error("async nope"));
  undefinedFunctionCall();
</script>
<p>after</p>
</body></html>`,
    );
    const r = await openInChromium(html);
    assert.equal(r.title, "broken");
    assert.match(r.textContent, /before\s+after/);
    const all = r.consoleErrors.join("\n");
    assert.match(all, /undefinedFunctionCall is not defined/);
    assert.match(all, /console\.error: custom failure 42/);
    assert.match(all, /async nope/);
    assert.deepEqual(r.networkRequests, []);
  });
});

Deno.test("browser harness: external http(s) resources are reported and blocked", async () => {
  await withTempDir(async (dir) => {
    const html = join(dir, "external.html");
    await Deno.writeTextFile(
      html,
      `<!doctype html><html><head><meta charset="utf-8"><title>ext</title>
<link rel="stylesheet" href="https://cdn.example.invalid/style.css"></head><body>
<img src="http://tiles.example.invalid/7/105/48.png" alt="tile">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="inline ok">
<script>fetch("https://api.example.invalid/parcels.json").catch(() => {});</script>
</body></html>`,
    );
    const r = await openInChromium(html, { settleMs: 200 });
    assert.ok(r.networkRequests.includes("http://tiles.example.invalid/7/105/48.png"), JSON.stringify(r));
    assert.ok(r.networkRequests.includes("https://cdn.example.invalid/style.css"), JSON.stringify(r));
    assert.ok(r.networkRequests.includes("https://api.example.invalid/parcels.json"), JSON.stringify(r));
    assert.ok(!r.networkRequests.some((u) => u.startsWith("data:")));
    assert.ok(
      r.consoleErrors.some((e) =>
        e.includes("non-file URL") && e.includes("http://tiles.example.invalid/7/105/48.png")
      ),
      r.consoleErrors.join("\n"),
    );
    // ...and the request was stopped inside Chromium.
    assert.ok(
      r.consoleErrors.some((e) => e.includes("ERR_BLOCKED_BY_CLIENT") && e.includes("tiles.example.invalid")),
      r.consoleErrors.join("\n"),
    );
  });
});

Deno.test("browser harness: a missing file fails clearly and leaves no chromium behind", async () => {
  await assert.rejects(() => openInChromium("/nonexistent/dir/page.html"), Deno.errors.NotFound);
  // A page that never satisfies waitForExpression hits the deadline; chromium must still be killed.
  await withTempDir(async (dir) => {
    const html = join(dir, "slow.html");
    await Deno.writeTextFile(html, "<!doctype html><title>slow</title><p>waiting</p>");
    await assert.rejects(
      () => openInChromium(html, { waitForExpression: "window.neverSet === true", timeoutMs: 5000 }),
      /timed out/,
    );
  });
  assert.deepEqual(await processesMatching("chromium-profile-"), []);
});
