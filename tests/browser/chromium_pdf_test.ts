// printToPdf (src/browser/chromium.ts): a hand-written Chinese page printed by headless Chromium, checked
// with poppler (pdfinfo, pdftotext, pdffonts, pdftoppm).
// KEEP_PDF_DIR=/some/dir keeps the printed PDF and PNGs of pages 1 and 2 for a look.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  chromiumMissingMessage,
  ChromiumTimeoutError,
  countPdfPages,
  escapeHtml,
  findChromium,
  pdfFooterTemplate,
  printToPdf,
} from "../../src/browser/chromium.ts";

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "pdf-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function run(cmd: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const err = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed: ${err}`);
  return new TextDecoder().decode(out.stdout);
}

/** Text of each page (pdftotext separates pages by form feeds). */
async function pageTexts(pdf: string): Promise<string[]> {
  const pages = (await run("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-")).split("\f");
  if (pages.at(-1)!.trim() === "") pages.pop();
  return pages;
}

/** Parent pid of `pid` (from /proc/<pid>/stat), or null when it is gone. */
function parentOf(pid: number): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/** Live processes as [pid, command line] (reads /proc; no `ps` needed). */
function processes(): [number, string][] {
  const out: [number, string][] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      out.push([Number(e.name), Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ")]);
    } catch { /* exited meanwhile */ }
  }
  return out;
}

/**
 * Chromium profile folders (--user-data-dir=…) of processes descending from `root`: only our own
 * Chromium, never one started by another test run on the same machine.
 */
function chromiumProfilesUnder(root: number): string[] {
  const found = new Set<string>();
  for (const [pid, cmd] of processes()) {
    const m = cmd.match(/--user-data-dir=(\S*chromium-profile-\S*)/);
    if (!m) continue;
    for (let p: number | null = pid; p && p > 1; p = parentOf(p)) {
      if (p === root) {
        found.add(m[1]);
        break;
      }
    }
  }
  return [...found];
}

/** Collects (every 50 ms) the profile folders of Chromium processes under `root` until stopped. */
function watchChromium(root: number) {
  const seen = new Set<string>();
  const look = () => chromiumProfilesUnder(root).forEach((p) => seen.add(p));
  const timer = setInterval(look, 50);
  return {
    seen,
    stop() {
      clearInterval(timer);
      return [...seen];
    },
  };
}

/** Waits (up to 10 s) until no process mentions any of `profiles` and the folders are gone. */
async function assertChromiumGone(profiles: string[]) {
  assert.ok(profiles.length > 0, "no Chromium process was seen");
  const deadline = Date.now() + 10_000;
  let left: string[] = [];
  do {
    left = processes().filter(([, cmd]) => profiles.some((p) => cmd.includes(p))).map(([pid, c]) =>
      `${pid}: ${c}`
    );
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  assert.deepEqual(left, [], "Chromium processes left behind");
  for (const p of profiles) {
    await assert.rejects(() => Deno.stat(p), Deno.errors.NotFound, `profile ${p} left`);
  }
}

const ROWS = 200;
const marker = (i: number) => String(i).padStart(3, "0");

/** Title page, a figure with an inline SVG, and a 200-row table whose rows must not be split. */
function briefingHtml(): string {
  const rows: string[] = [];
  for (let i = 1; i <= ROWS; i++) {
    // Every row has two or more lines in its 说明 cell, the tallest cell, which ends with the row's
    // end marker: if a page break fell inside the row, R… and Z… would land on different pages.
    // Every 7th row is tall (a wrapped note), so such a break is likely unless avoided.
    const note = i % 7 === 0
      ? "该地块位于河谷川地，坡度小于六度，灌溉条件良好，经实地核查确认为可长期稳定利用耕地，建议纳入本年度补充耕地储备库。"
        .repeat(2)
      : `旱地，坡度 ${i % 25} 度`;
    rows.push(
      `<tr><td>R${marker(i)}</td><td class="name">平川县第 ${i} 号地块</td>` +
        `<td>${note}<br>Z${marker(i)}</td><td class="num">${(i * 1.37).toFixed(2)}</td></tr>`,
    );
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>耕地占补平衡简报（测试）</title>
<style>
  @page { size: A4; }
  body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; color: #222; margin: 0; }
  .cover { break-after: page; text-align: center; padding-top: 30%; }
  .cover h1 { font-size: 26pt; margin: 0 0 12pt; }
  .cover p { font-size: 13pt; color: #555; }
  figure { break-inside: avoid; margin: 0 0 12pt; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top; }
  thead th { background: #e8eef5; }
  tr { break-inside: avoid; }
  td.num { text-align: right; }
  td.name { white-space: nowrap; }
</style></head>
<body>
  <section class="cover">
    <h1>平川县耕地占补平衡简报</h1>
    <p>供省级审核人员审阅 · 测试样张</p>
    <p>二〇二六年十二月</p>
  </section>
  <h2>一、补充耕地面积</h2>
  <figure>
    <svg xmlns="http://www.w3.org/2000/svg" width="480" height="160" role="img" aria-label="分县补充耕地面积">
      <rect x="80" y="20" width="300" height="36" fill="#2a9d8f"></rect>
      <rect x="80" y="80" width="160" height="36" fill="#e9c46a"></rect>
      <text x="10" y="44" font-size="14" font-family="Noto Sans CJK SC">水田</text>
      <text x="10" y="104" font-size="14" font-family="Noto Sans CJK SC">旱地</text>
      <text x="390" y="44" font-size="12" font-family="Noto Sans CJK SC">812.5 亩</text>
    </svg>
    <figcaption>图 1 分地类补充耕地面积（示意）</figcaption>
  </figure>
  <h2>二、地块清单</h2>
  <table>
    <thead><tr><th>编号</th><th>地块</th><th>说明</th><th>面积（亩）</th></tr></thead>
    <tbody>
${rows.join("\n")}
    </tbody>
  </table>
</body></html>`;
}

Deno.test("printToPdf: A4, title page, footer page numbers on every page, CJK font embedded, no row cut", async () => {
  await withTempDir(async (dir) => {
    const html = join(dir, "briefing.html");
    const pdf = join(dir, "briefing.pdf");
    await Deno.writeTextFile(html, briefingHtml());
    const footer = `平川县 <b>简报</b> & "审查"`;
    const r = await printToPdf(html, pdf, { footer });
    assert.deepEqual(r.blockedRequests, []);
    assert.ok(r.pages > 2, `expected more than 2 pages, got ${r.pages}`);

    // pdfinfo: page count agrees, every page is A4 (Chromium rounds the size to its own units,
    // so within 1.5 pt of 595.28 x 841.89; pdfinfo itself names it A4).
    const info = await run("pdfinfo", "-f", "1", "-l", String(r.pages), pdf);
    assert.match(info, new RegExp(`^Pages:\\s+${r.pages}$`, "m"));
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts(.*)$/gm)];
    assert.equal(sizes.length, r.pages, info);
    for (const [line, w, h, name] of sizes) {
      assert.ok(Math.abs(Number(w) - 595.28) < 1.5 && Math.abs(Number(h) - 841.89) < 1.5, line);
      assert.match(name, /A4/, line);
    }

    // pdftotext: the title page holds the title and nothing of the body; every page has its footer.
    const pages = await pageTexts(pdf);
    assert.equal(pages.length, r.pages);
    const flat = pages.map((t) => t.replace(/\s+/g, ""));
    assert.ok(flat[0].includes("平川县耕地占补平衡简报"), pages[0]);
    assert.ok(flat[0].includes("供省级审核人员审阅"), pages[0]);
    assert.ok(!flat[0].includes("地块清单") && !flat[0].includes("R001"), "title page must stand alone");
    flat.forEach((t, i) => {
      assert.ok(t.includes(`第${i + 1}页/共${r.pages}页`), `footer of page ${i + 1}: ${pages[i]}`);
      // The footer text arrives escaped, i.e. shown literally (not as markup).
      assert.ok(t.includes(`平川县<b>简报</b>&"审查"`), `footer text on page ${i + 1}: ${pages[i]}`);
    });
    // The inline SVG chart and its caption are in the PDF (as text, not an image), on one page.
    const chartPage = flat.findIndex((t) => t.includes("水田"));
    assert.ok(chartPage > 0, "SVG text missing");
    assert.ok(flat[chartPage].includes("812.5亩") && flat[chartPage].includes("图1分地类补充耕地面积"));

    // No table row is split: each row's first-line marker (R…) and last-line marker (Z…) appear
    // exactly once and on the same page.
    for (let i = 1; i <= ROWS; i++) {
      const start = flat.flatMap((t, p) => (t.match(new RegExp(`R${marker(i)}`, "g")) ?? []).map(() => p));
      const end = flat.flatMap((t, p) => (t.match(new RegExp(`Z${marker(i)}`, "g")) ?? []).map(() => p));
      assert.equal(start.length, 1, `R${marker(i)} found ${start.length} times`);
      assert.equal(end.length, 1, `Z${marker(i)} found ${end.length} times`);
      assert.equal(
        start[0],
        end[0],
        `row R${marker(i)} is split across pages ${start[0] + 1} and ${end[0] + 1}`,
      );
    }

    // Fonts: everything embedded with a ToUnicode map, and the CJK glyphs come from Noto Sans CJK.
    // (Chromium's Skia embeds the CFF-based Noto CJK as Type 3 fonts, which pdffonts lists without
    // a name; their font descriptors carry the name.)
    const fonts = (await run("pdffonts", pdf)).trim().split("\n").slice(2);
    assert.ok(fonts.length > 0);
    for (const f of fonts) {
      const cols = f.trim().split(/\s+/);
      const [emb, , uni] = cols.slice(-5, -2);
      assert.equal(emb, "yes", `font not embedded: ${f}`);
      assert.equal(uni, "yes", `font without ToUnicode: ${f}`);
    }
    const raw = new TextDecoder("latin1").decode(await Deno.readFile(pdf));
    assert.match(raw, /\/FontName\s*\/[A-Z]{6}\+NotoSansCJK/);
    assert.equal(countPdfPages(await Deno.readFile(pdf)), r.pages);

    // Pages 1 and 2 render.
    const prefix = join(dir, "page");
    await run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", pdf, prefix);
    const pngs = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".png")).sort();
    assert.equal(pngs.length, 2, pngs.join(","));
    // 60 dpi A4 = 496 x 702 px.
    for (const png of pngs) {
      const b = await Deno.readFile(join(dir, png));
      const v = new DataView(b.buffer, b.byteOffset);
      assert.ok(Math.abs(v.getUint32(16) - 496) <= 1 && Math.abs(v.getUint32(20) - 702) <= 1, png);
    }
    const keep = Deno.env.get("KEEP_PDF_DIR");
    if (keep) {
      await Deno.mkdir(keep, { recursive: true });
      for (const f of ["briefing.pdf", ...pngs]) await Deno.copyFile(join(dir, f), join(keep, f));
    }
  });
});

Deno.test("printToPdf: a page that loads http resources still prints; nothing leaves the machine", async () => {
  // A local server proves no request arrives (example.com would not answer here anyway).
  let hits = 0;
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
    () => {
      hits++;
      return new Response("no");
    },
  );
  const port = server.addr.port;
  try {
    await withTempDir(async (dir) => {
      const html = join(dir, "external.html");
      const pdf = join(dir, "external.pdf");
      await Deno.writeTextFile(
        html,
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>外部资源</title>
<link rel="stylesheet" href="http://127.0.0.1:${port}/style.css"></head>
<body style="font-family:'Noto Sans CJK SC'">
<h1>含外部图片的页面</h1>
<img src="http://example.com/x.png" alt="外部图片">
<img src="http://127.0.0.1:${port}/y.png" alt="本机图片">
<script>fetch("http://127.0.0.1:${port}/data.json").catch(() => {});</script>
</body></html>`,
      );
      const r = await printToPdf(html, pdf, { footer: "外部资源测试" });
      assert.equal(r.pages, 1);
      assert.ok(r.blockedRequests.includes("http://example.com/x.png"), JSON.stringify(r));
      assert.ok(r.blockedRequests.includes(`http://127.0.0.1:${port}/y.png`), JSON.stringify(r));
      assert.ok(r.blockedRequests.includes(`http://127.0.0.1:${port}/style.css`), JSON.stringify(r));
      const text = (await pageTexts(pdf)).join("").replace(/\s+/g, "");
      assert.ok(text.includes("含外部图片的页面") && text.includes("第1页/共1页"), text);
    });
  } finally {
    ac.abort();
    await server.finished;
  }
  assert.equal(hits, 0, "a request reached the local server");
});

Deno.test("printToPdf: a failed print leaves nothing at pdfPath (and keeps an older PDF as it was)", async () => {
  await withTempDir(async (dir) => {
    // A page whose script never ends: the load event never comes, the deadline passes.
    const html = join(dir, "hang.html");
    await Deno.writeTextFile(
      html,
      "<!doctype html><meta charset=utf-8><p>卡住</p><script>for(;;){}</script>",
    );
    const pdf = join(dir, "hang.pdf");
    const watch = watchChromium(Deno.pid);
    const err = await printToPdf(html, pdf, { timeoutMs: 8000 }).then(() => null, (e) => e);
    // Chromium was killed and its profile removed.
    await assertChromiumGone(watch.stop());
    assert.ok(err instanceof ChromiumTimeoutError, String(err));
    assert.match(err.message, /超时/);
    await assert.rejects(() => Deno.stat(pdf), Deno.errors.NotFound);

    // An older PDF survives a failed print untouched.
    const old = join(dir, "old.pdf");
    await Deno.writeTextFile(old, "%PDF-1.4 previous");
    await assert.rejects(() => printToPdf(html, old, { timeoutMs: 8000 }), ChromiumTimeoutError);
    assert.equal(await Deno.readTextFile(old), "%PDF-1.4 previous");

    // Missing input and missing target folder: Chinese errors naming what was expected; no launch.
    await assert.rejects(
      () => printToPdf(join(dir, "nope.html"), join(dir, "nope.pdf")),
      (e: Error) => e instanceof Deno.errors.NotFound && /找不到要打印成 PDF 的 HTML 文件/.test(e.message),
    );
    await assert.rejects(
      () => printToPdf(html, join(dir, "no", "such", "dir", "x.pdf")),
      (e: Error) => /PDF 的目标文件夹不存在/.test(e.message),
    );

    // Only the two files written by the test remain: no partial or temporary PDFs.
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["hang.html", "old.pdf"]);
  });
});

Deno.test("printToPdf: Ctrl-C while printing kills Chromium and removes its profile", async () => {
  await withTempDir(async (dir) => {
    const html = join(dir, "hang.html");
    await Deno.writeTextFile(
      html,
      "<!doctype html><meta charset=utf-8><p>卡住</p><script>for(;;){}</script>",
    );
    const script = join(dir, "print.ts");
    const mod = new URL("../../src/browser/chromium.ts", import.meta.url).href;
    await Deno.writeTextFile(
      script,
      `import { printToPdf } from "${mod}";\nawait printToPdf(Deno.args[0], Deno.args[1], { timeoutMs: 60000 });\n`,
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-config", script, html, join(dir, "hang.pdf")],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const watch = watchChromium(child.pid);
    const until = Date.now() + 30_000;
    while (watch.seen.size === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500)); // let it reach the (hanging) page load
    child.kill("SIGINT");
    const { code } = await child.output();
    await assertChromiumGone(watch.stop());
    assert.equal(code, 130);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["hang.html", "print.ts"]);
  });
});

Deno.test("findChromium: CHROMIUM wins, then the Debian paths; the message says how to install", async () => {
  const saved = Deno.env.get("CHROMIUM");
  try {
    Deno.env.delete("CHROMIUM");
    assert.equal(findChromium(), "/usr/bin/chromium");
    assert.match(chromiumMissingMessage(), /apt-get install chromium fonts-noto-cjk/);
    assert.match(chromiumMissingMessage(), /\/usr\/bin\/chromium、\/usr\/bin\/chromium-browser/);

    Deno.env.set("CHROMIUM", "/usr/lib/chromium/chromium");
    assert.equal(findChromium(), "/usr/lib/chromium/chromium");

    Deno.env.set("CHROMIUM", "/nonexistent/chrome");
    assert.equal(findChromium(), null);
    assert.match(chromiumMissingMessage(), /环境变量 CHROMIUM 指向的 \/nonexistent\/chrome 不存在或不可执行/);
    assert.match(chromiumMissingMessage(), /apt-get install chromium fonts-noto-cjk/);
    await withTempDir(async (dir) => {
      const html = join(dir, "a.html");
      await Deno.writeTextFile(html, "<p>x</p>");
      await assert.rejects(() => printToPdf(html, join(dir, "a.pdf")), /CHROMIUM/);
      assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.html"]);
    });
  } finally {
    if (saved === undefined) Deno.env.delete("CHROMIUM");
    else Deno.env.set("CHROMIUM", saved);
  }
});

Deno.test("pdfFooterTemplate: page number spans, escaped text, a CJK font at 8 pt", () => {
  const t = pdfFooterTemplate(`<img src=x onerror=alert(1)> & "引号" '单'`);
  assert.ok(t.includes(`<span class="pageNumber"></span>`) && t.includes(`<span class="totalPages"></span>`));
  assert.ok(t.includes('第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页'));
  assert.ok(t.includes("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;引号&quot; &#39;单&#39;"), t);
  assert.ok(!t.includes("<img"));
  assert.match(t, /font-size:8pt/);
  assert.match(t, /Noto Sans CJK SC/);
  assert.ok(!/(src|href)=["']?(https?:|\/\/)/.test(pdfFooterTemplate("x")), "footer must load nothing");
  assert.equal(escapeHtml(`a<b>&"c"'`), "a&lt;b&gt;&amp;&quot;c&quot;&#39;");
});
