/** The `trends` subcommand: CSV and XLSX with Chinese headers, atomic folders, errors. */
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { trendsCommand } from "../../src/cli/trends.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { readXlsx } from "../../src/io/xlsx.ts";
import { readCsv } from "../../src/io/csv.ts";
import { openInChromium } from "../_harness/browser.ts";

async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const log = console.log, err = console.error;
  console.log = () => {};
  console.error = () => {};
  try {
    return await f();
  } finally {
    console.log = log;
    console.error = err;
  }
}

Deno.test("trends --help is in Chinese and English", () => {
  for (const s of ["用法", "Usage", "选项", "Options", "--public", "--data"]) {
    assert(trendsCommand.help.includes(s), s);
  }
  assertEquals(trendsCommand.name, "trends");
});

Deno.test("trends --public writes CSV and XLSX with Chinese headers, atomically", async () => {
  const base = await Deno.makeTempDir({ prefix: "trends-public-" });
  const out = `${base}/out`;
  await quietly(() => trendsCommand.run(["--public", "--out", out]));
  const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
  for (
    const f of [
      "provinces.csv",
      "national_shift.csv",
      "national_centres.csv",
      "by_region_type.csv",
      "sum_check.csv",
      "share_check.csv",
      "quality.csv",
      "notes.csv",
      "trends.xlsx",
      "method.txt",
      "summary.json",
      "charts.html",
    ]
  ) {
    assert(files.includes(f), f);
  }
  const prov = await readCsv(`${out}/provinces.csv`);
  assertEquals(prov.fields.slice(0, 4).map((f) => f.name), [
    "省级代码",
    "省份",
    "地区类型",
    "三调耕地（2019）（万亩）",
  ]);
  assertEquals(prov.length, 31);
  const shift = readXlsx(`${out}/trends.xlsx`, { sheet: "二调至三调重心迁移" });
  assert(shift.fields.some((f) => f.name === "迁移距离（千米，椭球面）"));
  const notes = readXlsx(`${out}/trends.xlsx`, { sheet: "说明" });
  assert(String(notes.columns["说明"][0]).includes("口径"), "the definitions note comes first");
  // the charts page: self-contained, every province with a figure drawn, the missing ones named
  const html = await Deno.readTextFile(`${out}/charts.html`);
  assert(!html.includes("示例数据"), "public figures carry no demo banner");
  const missing = [];
  for (let i = 0; i < prov.length; i++) {
    const name = String(prov.columns["省份"][i]);
    if (prov.columns["三调耕地（2019）（万亩）"][i] == null) missing.push(name);
    else assert(html.includes(`>${name}<`), `${name} is drawn`);
  }
  assert(html.includes(`未画出的省份（${missing.length} 个）：${missing.join("、")}`), "missing ones are named");
  assert(html.includes("二调（2009）→ 三调（2019）") && html.includes("千米"));
  // a second run replaces the folder whole and leaves no staging folders
  await quietly(() => trendsCommand.run(["--public", "--out", out]));
  assertEquals([...Deno.readDirSync(base)].map((e) => e.name), ["out"]);
  await Deno.remove(base, { recursive: true });
});

Deno.test("trends --data on the demo province writes the tables; the planned county is flagged", async () => {
  const { dir } = await demoProvince();
  const out = await Deno.makeTempDir({ prefix: "trends-demo-" });
  await quietly(() => trendsCommand.run(["--data", dir, "--years", "2023,2024", "--out", out]));
  const ab = await readCsv(`${out}/abandonment.csv`);
  assertEquals(ab.fields.map((f) => f.name).slice(0, 3), ["年度", "县级代码", "县级名称"]);
  const flagged = [];
  for (let i = 0; i < ab.length; i++) {
    if (ab.columns["高于警戒线"][i] === "是") {
      flagged.push(`${ab.columns["年度"][i]} ${ab.columns["县级名称"][i]}`);
    }
  }
  assertEquals(flagged, ["2023 高岩县", "2024 高岩县"]);
  for (const sheet of ["耕地重心", "重心漂移", "撂荒率", "不稳定耕地", "按地区类型汇总", "说明"]) {
    const t = readXlsx(`${out}/trends.xlsx`, { sheet });
    assert(t.length > 0, sheet);
  }
  const un = readXlsx(`${out}/trends.xlsx`, { sheet: "不稳定耕地" });
  assert(
    un.fields.some((f) => f.name === "河湖管理范围内（亩）") &&
      un.fields.some((f) => f.name === "不稳定耕地合计（并集，不重复）（亩）"),
  );
  const method = await Deno.readTextFile(`${out}/method.txt`);
  assert(method.includes("SHA-256") && method.includes("DLTB_2024.shp"));
  // the charts page opens offline in a real Chromium, in Chinese, marked as demo data
  const page = await openInChromium(`${out}/charts.html`);
  assertEquals(page.consoleErrors, []);
  assertEquals(page.networkRequests, []);
  const i24 = [...Array(ab.length).keys()].find((i) =>
    ab.columns["年度"][i] === 2024 && ab.columns["县级名称"][i] === "高岩县"
  )!;
  const label = `${Number(ab.columns["撂荒率（%）"][i24]).toFixed(2)}%`;
  for (const s of ["示例数据", "耕地重心迁移路径（2023—2024 年）", "2024 年各县撂荒率", "高岩县", label]) {
    assert(page.textContent.includes(s), s);
  }
  await Deno.remove(out, { recursive: true });
});

Deno.test("trends: usage errors name the problem", async () => {
  await assertRejects(() => trendsCommand.run(["--public"]), "--out");
  await assertRejects(() => trendsCommand.run(["--public", "--data", "x", "--out", "y"]), "--data");
  await assertRejects(
    () => trendsCommand.run(["--data", "/nonexistent-trends", "--out", "/tmp/x-trends"]),
    "/nonexistent-trends",
  );
  await assertRejects(() => trendsCommand.run(["--data", "x", "--years", "20a4", "--out", "y"]), "--years");
});
