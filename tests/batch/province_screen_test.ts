// A province's screening on Workers, merged through DuckDB from the counties' Parquet: the same
// answer as screening each county alone, whatever the number of workers; all or nothing on bad
// input; and `merge` over counties screened as independent jobs gives the same province tables.
import assert from "node:assert/strict";
import { join } from "node:path";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { cli } from "../_harness/cli.ts";
import { editedSurvey, textTbmj } from "../_harness/edit_survey.ts";
import { queryParquet, writeParquet } from "../../src/db/parquet.ts";


const COUNTIES = ["900101", "900102", "900103"];
const exists = (p: string) => Deno.stat(p).then(() => true, () => false);
const csvRows = (path: string) => Deno.readTextFileSync(path).replace(/^\ufeff/, "").trim().split(/\r?\n/).map((l) => l.split(","));

async function threeCounties(): Promise<string> {
  const { dir } = await demoProvince();
  const to = await Deno.makeTempDir({ prefix: "province-" });
  for (const c of COUNTIES) assert((await new Deno.Command("cp", { args: ["-a", `${dir}/${c}`, `${to}/${c}`] }).output()).success);
  return to;
}

Deno.test({
  name: "screen --data: every county as screened alone, the province's tables their sums, the same with 1 or 2 workers",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const data = await threeCounties();
    const out = await Deno.makeTempDir({ prefix: "province-out-" });
    const two = await cli(["screen", "--data", data, "--out", `${out}/w2`, "--workers", "2"]);
    assert.equal(two.code, 0, two.stderr);
    assert.match(two.stdout, /2024 年度 3 个县：潜力图斑 \d+ 个/);
    const one = await cli(["screen", "--data", data, "--out", `${out}/w1`, "--workers", "1"]);
    assert.equal(one.code, 0, one.stderr);
    // Each county alone, as the single-county command does it.
    const alone = await cli(["screen", "--dltb", `${data}/900102/DLTB_2024.shp`, "--constraints", `${data}/900102/constraints`, "--out", `${out}/alone`]);
    assert.equal(alone.code, 0, alone.stderr);
    for (const f of ["pieces.csv", "deductions.csv", "balance.csv", "summary_by_township.csv"]) {
      assert.equal(Deno.readTextFileSync(`${out}/w2/900102/${f}`), Deno.readTextFileSync(`${out}/alone/${f}`), f);
    }
    for (const f of ["summary_by_county.csv", "balance.csv", ...COUNTIES.map((c) => `${c}/pieces.csv`)]) {
      assert.equal(Deno.readTextFileSync(`${out}/w1/${f}`), Deno.readTextFileSync(`${out}/w2/${f}`), `${f}: 1 and 2 workers differ`);
    }
    // The summary by county: each county's row is its own summary.json; the total is their sum.
    const [head, ...rows] = csvRows(`${out}/w2/summary_by_county.csv`);
    const col = (name: string) => head.indexOf(name);
    assert.deepEqual(rows.map((r) => r[0]), [...COUNTIES, "合计"]);
    let pieces = 0;
    for (const [k, c] of COUNTIES.entries()) {
      const s = JSON.parse(Deno.readTextFileSync(`${out}/w2/${c}/summary.json`));
      const n = Object.values(s.classes as Record<string, { count: number }>).reduce((a, x) => a + x.count, 0);
      assert.equal(Number(rows[k][col("total_count")]), n, c);
      pieces += n;
    }
    assert.equal(Number(rows[3][col("total_count")]), pieces);
    const t = rows[3];
    const [cand, kept, rem, drop] = ["candidate_m2", "kept_m2", "removed_m2", "dropped_m2"].map((k) => Number(t[col(k)]));
    assert(Math.abs(cand - kept - rem - drop) < 0.05, "the province's balance closes");
    // Every piece is in the province's Parquet file once, with its county.
    const [counted] = await queryParquet<{ n: number; k: number; c: number }>([`${out}/w2/pieces.parquet`], (src) =>
      `SELECT count(*)::INT AS n, count(DISTINCT county || '/' || "BSM" || '/' || part)::INT AS k, count(DISTINCT county)::INT AS c FROM ${src}`);
    assert.deepEqual(counted, { n: pieces, k: pieces, c: 3 });
  },
});

Deno.test({
  name: "screen --data: an input error in one county stops the province before anything is written; --allow goes on",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const data = await threeCounties();
    const { dir } = await demoProvince();
    await editedSurvey(`${dir}/900103/DLTB_2024`, `${data}/900103`, textTbmj(3), "DLTB_2024");
    const out = `${await Deno.makeTempDir({ prefix: "province-bad-" })}/out`;
    const r = await cli(["screen", "--data", data, "--out", out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /县 900103：输入数据有 1 处错误（not_a_number/);
    assert.match(r.stderr, /900103\/DLTB_2024\.shp，第 3 条，BSM \d+，字段 TBMJ，值“abc”/);
    assert.equal(await exists(out), false, "nothing written");
    assert.deepEqual([...Deno.readDirSync(join(out, ".."))].map((e) => e.name), [], "no work folder left behind");
    const ok = await cli(["screen", "--data", data, "--out", out, "--allow", "not_a_number"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(Deno.readTextFileSync(`${out}/900103/method.txt`), /按 --allow 放行：not_a_number/);
  },
});

Deno.test({
  name: "screen --data: a county with a truncated .shp stops the province, named, before anything is written, one county at a time or two",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const data = await threeCounties();
    const shp = `${data}/900102/DLTB_2024.shp`;
    const bytes = await Deno.readFile(shp);
    await Deno.writeFile(shp, bytes.subarray(0, bytes.length - 100));
    for (const workers of ["1", "2"]) {
      const out = `${await Deno.makeTempDir({ prefix: "province-cut-" })}/out`;
      const r = await cli(["screen", "--data", data, "--out", out, "--workers", workers]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /县 900102：Shapefile 已截断：.*900102\/DLTB_2024\.shp 第 \d+ 条记录不完整/, `workers ${workers}: ${r.stderr}`);
      assert.equal(await exists(out), false, "nothing written");
      assert.deepEqual([...Deno.readDirSync(join(out, ".."))].map((e) => e.name), [], "no work folder left behind");
    }
  },
});

Deno.test({
  name: "merge: counties screened as independent jobs give the province's tables; a folder that is no screen output, or a balance that does not close, is refused",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const data = await threeCounties();
    const jobs = await Deno.makeTempDir({ prefix: "province-jobs-" });
    for (const c of COUNTIES) {
      const r = await cli(["screen", "--dltb", `${data}/${c}/DLTB_2024.shp`, "--constraints", `${data}/${c}/constraints`, "--out", `${jobs}/${c}`]);
      assert.equal(r.code, 0, r.stderr);
    }
    const province = await cli(["screen", "--data", data, "--out", `${jobs}/province`]);
    assert.equal(province.code, 0, province.stderr);
    const m = await cli(["merge", "--out", `${jobs}/merged`, ...COUNTIES.map((c) => `${jobs}/${c}`)]);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /已合并 3 个县：潜力图斑 \d+ 个/);
    for (const f of ["summary_by_county.csv", "balance.csv"]) {
      assert.equal(Deno.readTextFileSync(`${jobs}/merged/${f}`), Deno.readTextFileSync(`${jobs}/province/${f}`), f);
    }
    const bad = await cli(["merge", "--out", `${jobs}/x`, `${jobs}/900101`, data]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /中没有 pieces\.parquet（不是 screen 的输出目录/);
    // A county whose balance was edited by hand no longer closes.
    await writeParquet(`${jobs}/900102/balance.parquet`, [{ key: "item" }, { key: "area_m2" }], [
      { item: "候选图斑面积", area_m2: 1000 },
      { item: "保留（潜力图斑）", area_m2: 600 },
      { item: "扣除（落入约束图层）", area_m2: 300 },
      { item: "舍去", area_m2: 0 },
    ]);
    const open = await cli(["merge", "--out", `${jobs}/y`, ...COUNTIES.map((c) => `${jobs}/${c}`)]);
    assert.equal(open.code, 1);
    assert.match(open.stderr, /县 900102 的面积平衡不闭合：候选 1000 ≠ 保留 600 \+ 扣除 300 \+ 舍去 0/);
    assert.equal(await exists(`${jobs}/y`), false);
  },
});

Deno.test({
  name: "demo --counties N --parcels M: a province of N counties of about M parcels, side by side, every table; screen --data and balance run over all of it",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const out = `${await Deno.makeTempDir({ prefix: "scaled-" })}/p`;
    const g = await cli(["demo", "--counties", "4", "--parcels", "1500", "--years", "2023,2024", "--out", out]);
    assert.equal(g.code, 0, g.stderr);
    const m = JSON.parse(Deno.readTextFileSync(`${out}/manifest.json`));
    assert.deepEqual(m.counties.map((c: { code: string }) => c.code), ["900101", "900102", "900103", "900201"]);
    assert.deepEqual(m.parameters.years, [2023, 2024]);
    const boxes: number[][] = [];
    for (const c of m.counties as { code: string; years: Record<string, { parcels: number }> }[]) {
      assert(Math.abs(c.years["2024"].parcels - 1500) < 300, `${c.code}: ${c.years["2024"].parcels} parcels`);
      for (const f of ["DLTB_2023.shp", "DLTB_2024.shp", "永久基本农田.shp", "outflow_projects.xlsx", "field_returns.xlsx", "constraints"]) {
        assert(await exists(`${out}/${c.code}/${f}`), `${c.code}/${f}`);
      }
      // The .shp header's bounding box: counties lie side by side, never on top of each other.
      const h = new DataView((await Deno.readFile(`${out}/${c.code}/DLTB_2024.shp`)).buffer);
      boxes.push([36, 44, 52, 60].map((o) => h.getFloat64(o, true)));
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlapX = Math.min(a[2], b[2]) - Math.max(a[0], b[0]), overlapY = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        assert(overlapX <= 1 || overlapY <= 1, `counties ${i} and ${j} overlap`);
      }
    }
    const s = await cli(["screen", "--data", out, "--out", `${out}-screen`]);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /2024 年度 4 个县/);
    const b = await cli(["balance", "--data", out, "--out", `${out}-balance`]);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /2024 年进出平衡：4 个县/);
  },
});
