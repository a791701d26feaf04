// The provincial briefing through the real CLI on the demo province: what it shows is checked
// against the generator's own totals, and the unattended behaviour (unchanged, cache, atomic
// writes, lock, reproducible bytes) against the files it leaves.
import { assert, assertEquals } from "../_assert.ts";
import { nonNumbersIn, scannedFiles } from "../_harness/scan_outputs.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { cli, copyDir, demoBriefing, MAIN, tablesOf } from "./_fixture.ts";
import * as XLSX from "xlsx";

const MU = 10000 / 15;
const read = (p: string) => Deno.readFileSync(p);
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const num = (v: unknown) => (typeof v === "number" ? v : NaN);

Deno.test("report on the demo: files, key figures equal the generator's totals, subtotals, targets and issues", async () => {
  const { out } = await demoBriefing();
  const { manifest: demo } = await demoProvince();
  for (const f of ["briefing.html", "briefing.xlsx", "manifest.json", "tables.json"]) assert((await Deno.stat(`${out}/${f}`)).size > 0, f);
  const t = tablesOf(out);
  const key = t.get("t-key")!.rows;
  const farm = key.find((r) => r.item === "耕地面积")!;
  const expected = (y: string) => demo.counties.reduce((a, c) => a + c.years[y].farmlandTbdlmjM2, 0) / MU;
  assert(Math.abs(num(farm.now) - expected("2024")) < 0.01, `${farm.now} vs ${expected("2024")}`);
  assert(Math.abs(num(farm.before) - expected("2023")) < 0.01, `${farm.before} vs ${expected("2023")}`);
  // Every county table: 3 counties then a city subtotal, three times, then the province total.
  for (const id of ["t-outin", "t-targets", "t-zhanbu", "t-aband", "t-cover"]) {
    const rows = t.get(id)!.rows;
    const city = ["county", "county", "county", "subtotal"];
    assertEquals(rows.map((r) => r._kind ?? "county"), [...city, ...city, ...city, "total"], id);
  }
  const outin = t.get("t-outin")!.rows;
  const counties = outin.filter((r) => !r._kind);
  const total = outin.at(-1)!;
  const sum = counties.reduce((a, r) => a + num(r.out_mu), 0);
  assert(Math.abs(num(total.out_mu) - sum) < 0.01 * counties.length, `total ${total.out_mu} vs ${sum}`);
  // The demo sets 青岭县 (900303) above what it holds: it alone is short of its targets, and listed.
  const targets = t.get("t-targets")!.rows.filter((r) => !r._kind);
  assertEquals(targets.filter((r) => r.status === "低于目标").map((r) => r.name), ["青岭县"]);
  const issues = t.get("t-issues")!.rows;
  assert(issues.some((r) => r.kind === "低于耕地保有量目标" && r.name === "青岭县" && r._href === "#target-900303"));
  assert(issues.some((r) => r.kind === "撂荒率超过 20%" && r.name === "高岩县"));
  const flags = t.get("t-flags")!.rows;
  assertEquals(issues.filter((r) => String(r.kind).startsWith("占补：")).length, flags.length);
  // What the page shows.
  const html = Deno.readTextFileSync(`${out}/briefing.html`);
  assert(html.includes("示例数据：行政区代码与名称均为虚构"));
  for (const s of ["一、要点", "二、需关注的问题", "三、进出平衡", "四、占补平衡", "五、耕地趋势", "六、全国背景", "七、与上期相比", "八、方法、参数与数据来源"]) {
    assert(html.includes(s), s);
  }
  assert(html.includes('id="target-900303"') && html.includes('href="#target-900303"'));
  // Nothing to fetch: no src/href/url() pointing anywhere but inside the page (xmlns names are not requests).
  assert(!/(src|href)\s*=\s*["']?(https?:|\/\/)/i.test(html) && !/url\(\s*["']?(https?:|\/\/)/i.test(html), "a URL the page would fetch");
  // One XLSX sheet per table, Chinese headers.
  const wb = XLSX.read(read(`${out}/briefing.xlsx`));
  assertEquals(wb.SheetNames.length, t.size + 2 /* 参数, 输入文件 */);
  assert(wb.SheetNames.includes("进出平衡转出转入") && wb.SheetNames.includes("问题清单"));
  // The manifest fingerprints every input.
  const m = JSON.parse(Deno.readTextFileSync(`${out}/manifest.json`));
  assertEquals(m.status, "rebuilt");
  const files = m.inputs.filter((f: { path: string }) => f.path.startsWith("data/"));
  assert(files.some((f: { path: string }) => f.path === "data/targets.csv"));
  const tcsv = files.find((f: { path: string }) => f.path === "data/900101/DLTB_2024.shp");
  const { dir } = await demoProvince();
  const digest = await crypto.subtle.digest("SHA-256", read(`${dir}/900101/DLTB_2024.shp`));
  assertEquals(tcsv.sha256, [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""));
  assert(m.durationSeconds > 0 && typeof m.software.hash === "string");
});

Deno.test("report: no NaN, Infinity or undefined in anything written", async () => {
  const { out, stdout } = await demoBriefing();
  for (const f of ["briefing.html", "tables.json", "manifest.json"]) {
    const text = Deno.readTextFileSync(`${out}/${f}`);
    for (const bad of ["NaN", "Infinity", "undefined"]) assert(!text.includes(bad), `${f} contains ${bad}`);
  }
  // Every file, the workbook's sheets included (the page's script aside), and what it printed.
  assert(scannedFiles(out) >= 4);
  assertEquals(nonNumbersIn(out), []);
  for (const bad of ["NaN", "Infinity", "undefined"]) assert(!stdout.includes(bad), `stdout contains ${bad}`);
});

Deno.test("report: unchanged inputs exit 3 and touch nothing; --force rebuilds from the cache; the same inputs give the same bytes", async () => {
  const { data, out: first } = await demoBriefing();
  const out = await copyDir(first, "briefing-again-");
  const before = (await Deno.stat(`${out}/briefing.html`)).mtime?.getTime();
  const r = await cli(["report", "--data", data, "--out", out, "--no-pdf"]);
  assertEquals(r.code, 3, r.stderr);
  assert(r.stdout.includes("未变化"));
  assertEquals((await Deno.stat(`${out}/briefing.html`)).mtime?.getTime(), before);
  const f1 = await cli(["report", "--data", data, "--out", out, "--no-pdf", "--force"]);
  assertEquals(f1.code, 0, f1.stderr);
  const m = JSON.parse(Deno.readTextFileSync(`${out}/manifest.json`));
  assertEquals(m.cache.misses, []);
  const html1 = read(`${out}/briefing.html`), xlsx1 = read(`${out}/briefing.xlsx`);
  const f2 = await cli(["report", "--data", data, "--out", out, "--no-pdf", "--force"]);
  assertEquals(f2.code, 0, f2.stderr);
  assert(same(html1, read(`${out}/briefing.html`)), "briefing.html differs between two builds of the same inputs");
  assert(same(xlsx1, read(`${out}/briefing.xlsx`)), "briefing.xlsx differs between two builds of the same inputs");
  // Without a previous briefing to compare with, the rebuild equals the first build byte for byte.
  const fresh = await copyDir(first, "briefing-fresh-");
  await Deno.remove(`${fresh}/tables.json`);
  const f3 = await cli(["report", "--data", data, "--out", fresh, "--no-pdf"]);
  assertEquals(f3.code, 0, f3.stderr);
  // Only the rebuild command (it names --out) differs.
  const text = (p: string) => Deno.readTextFileSync(p);
  assertEquals(text(`${fresh}/briefing.html`).replaceAll(fresh, first), text(`${first}/briefing.html`));
  const sheets = (p: string) => {
    const wb = XLSX.read(read(p));
    return wb.SheetNames.map((n) => XLSX.utils.sheet_to_csv(wb.Sheets[n]));
  };
  assertEquals(sheets(`${fresh}/briefing.xlsx`).map((s) => s.replaceAll(fresh, first)), sheets(`${first}/briefing.xlsx`));
});

Deno.test("report: a changed input recomputes only the county it touches", async () => {
  const { data, out: first } = await demoBriefing();
  const d = await copyDir(data, "briefing-data-");
  const out = await copyDir(first, "briefing-partial-");
  await Deno.writeTextFile(`${d}/900102/CJDCQ.csv`, "\n", { append: true });
  const r = await cli(["report", "--data", d, "--out", out, "--no-pdf"]);
  assertEquals(r.code, 0, r.stderr);
  const m = JSON.parse(Deno.readTextFileSync(`${out}/manifest.json`));
  assertEquals(m.cache.misses, ["进出平衡 900102"]);
  assertEquals(m.cache.hits.length, 12);
});

Deno.test("report: a bad input stops the run before it writes, naming file, row, county, column and value", async () => {
  const { data, out: first } = await demoBriefing();
  const d = await copyDir(data, "briefing-bad-");
  const out = await copyDir(first, "briefing-keep-");
  const csv = Deno.readTextFileSync(`${d}/targets.csv`).split("\n");
  csv[2] = csv[2].replace(/^(\d{6},[^,]*,)\d+/, "$1abc");
  Deno.writeTextFileSync(`${d}/targets.csv`, csv.join("\n"));
  const html = read(`${out}/briefing.html`), manifest = read(`${out}/manifest.json`);
  const r = await cli(["report", "--data", d, "--out", out, "--no-pdf"]);
  assertEquals(r.code, 1);
  for (const s of ["targets.csv", "第 3 行", "900102", "farmland_target_mu", "abc"]) assert(r.stderr.includes(s), `${s}: ${r.stderr}`);
  assert(same(html, read(`${out}/briefing.html`)) && same(manifest, read(`${out}/manifest.json`)));
  const parent = out.slice(0, out.lastIndexOf("/"));
  const left = [...Deno.readDirSync(parent)].map((e) => e.name).filter((n) => n !== "copy");
  assertEquals(left, [], "staging folders or lock left behind");
});

Deno.test("report: two runs cannot write one folder at once; a lock left by a dead process is taken over", async () => {
  const { data, out: first } = await demoBriefing();
  const out = await copyDir(first, "briefing-lock-");
  const sleeper = new Deno.Command("sleep", { args: ["60"] }).spawn();
  try {
    Deno.writeTextFileSync(`${out}.lock`, `${sleeper.pid}\n`);
    const r = await cli(["report", "--data", data, "--out", out, "--no-pdf"]);
    assertEquals(r.code, 1);
    assert(r.stderr.includes(`PID ${sleeper.pid}`) && r.stderr.includes("正在写入"), r.stderr);
  } finally {
    sleeper.kill();
    await sleeper.status;
  }
  const again = await cli(["report", "--data", data, "--out", out, "--no-pdf"]);
  assertEquals(again.code, 3, again.stderr);
  assert(!(await Deno.stat(`${out}.lock`).then(() => true, () => false)), "lock not released");
});

Deno.test("report --region narrows the briefing to one city; usage errors are named", async () => {
  const { data, out: first } = await demoBriefing();
  const out = await copyDir(first, "briefing-region-");
  const r = await cli(["report", "--data", data, "--out", out, "--no-pdf", "--region", "9001"]);
  assertEquals(r.code, 0, r.stderr);
  const rows = tablesOf(out).get("t-outin")!.rows;
  assertEquals(rows.map((x) => x.name), ["平川县", "丘阳县", "云峰县", "示例一市 小计", "示例一市 合计"]);
  assert(Deno.readTextFileSync(`${out}/briefing.html`).includes("<h1>示例一市耕地平衡简报（2024 年）</h1>"));
  const bad = await cli(["report", "--data", data, "--out", out, "--region", "90x1"]);
  assertEquals(bad.code, 1);
  assert(bad.stderr.includes("--region") && bad.stderr.includes("90x1"));
  const none = await cli(["report", "--data", data, "--out", out, "--no-pdf", "--region", "9009"]);
  assertEquals(none.code, 1);
  assert(none.stderr.includes("9009") && none.stderr.includes("900101 平川县"), none.stderr);
});

Deno.test("report on one county folder without zhanbu/, admin_units.csv or targets.csv: built, and the page says what it could not check", async () => {
  const { data } = await demoBriefing();
  const out = `${await Deno.makeTempDir({ prefix: "briefing-one-" })}/out`;
  const r = await cli(["report", "--data", `${data}/900101`, "--out", out, "--no-pdf"]);
  assertEquals(r.code, 0, r.stderr);
  const html = Deno.readTextFileSync(`${out}/briefing.html`);
  assert(html.includes("未审查占补平衡"), "no word on the missing 占补 records");
  assert(html.includes("admin_units.csv") && html.includes("未分类"), "no word on the missing admin table");
  assert(html.includes("targets.csv"), "no word on the missing targets");
  assert(html.includes("<h1>行政区 90耕地平衡简报（2024 年）</h1>"));
  for (const bad of ["NaN", "Infinity", "undefined"]) assert(!html.includes(bad), bad);
});


Deno.test("report: a Chromium that cannot print costs the PDF only: exit 4, HTML and XLSX written, the manifest says why, the next run retries", async () => {
  const { data, out } = await demoBriefing();
  const copy = await copyDir(out, "briefing-nopdf-");
  const run = async (chromium: string, ...more: string[]) => {
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-q", "-A", MAIN, "report", "--data", data, "--out", copy, ...more],
      env: { CHROMIUM: chromium },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: r.code, stderr: new TextDecoder().decode(r.stderr) };
  };
  const broken = await run("/bin/false", "--force");
  assertEquals(broken.code, 4, broken.stderr);
  assert(broken.stderr.includes("PDF 打印失败"), broken.stderr);
  for (const f of ["briefing.html", "briefing.xlsx", "manifest.json"]) assert(Deno.statSync(`${copy}/${f}`).size > 0, f);
  const has = (f: string) => {
    try {
      return Deno.statSync(f).isFile;
    } catch {
      return false;
    }
  };
  assertEquals(has(`${copy}/briefing.pdf`), false);
  const m = JSON.parse(Deno.readTextFileSync(`${copy}/manifest.json`));
  assertEquals(m.status, "rebuilt-without-pdf");
  assert(String(m.pdf).startsWith("PDF 打印失败（Chromium：/bin/false）"), m.pdf);
  // Unchanged inputs are not "unchanged" while the PDF is missing: the next run tries again.
  assertEquals((await run("/bin/false")).code, 4);
});
