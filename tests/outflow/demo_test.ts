/**
 * The out-flow ledger on every county of the demo province against the generator's own change
 * log (changes.csv): per county and year, the out-flow, exempt, construction, 整改恢复 and
 * balanced/pending areas computed straight from the log (areas from the year t−1 DBF,
 * permanent basic farmland by identical parcel outline, project fields from the XLSX) equal
 * the ledger's, every area is conserved, and the outputs are written with Chinese headers.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { runCountyOutflow } from "../../src/outflow/run.ts";
import { outflowStatistics } from "../../src/outflow/sql.ts";
import { writeOutflowOutputs } from "../../src/outflow/outputs.ts";
import type { EntryStatus, OutflowLedger } from "../../src/outflow/types.ts";
import { readLayer } from "../../src/ingest/read_layer.ts";
import { readCsv } from "../../src/io/csv.ts";
import { readXlsx } from "../../src/io/xlsx.ts";
import { featureBBox } from "../../src/geom/types.ts";
import { openEngine } from "../../src/db/engine.ts";
import type { Cell } from "../../src/io/layer.ts";

/** Target classes of an out-flow, spelled out independently: 农用地 other than farmland and 0404. */
const OUT = /^(02|03|0401|0402|0403|1006|1103|1104|1107|1202|1203)/;
const NON_FARM_NOTICE = /绿化|造林|绿色通道|挖湖造景/;
const STATUSES: EntryStatus[] = ["balance", "pending", "restore", "exempt", "zhanbu", "other", "unmatched"];

type Totals = Record<string, number>;

/** Expected totals per year from changes.csv, the DBFs, the PBF outlines and the project table. */
async function expected(dir: string): Promise<{ totals: Map<number, Totals>; projectBsm: Map<string, boolean>; pendingBsm: string[] }> {
  const log = await readCsv(`${dir}/changes.csv`);
  const c = (k: string, i: number) => String(log.columns[k][i] ?? "");
  const pbfLayer = await readLayer(`${dir}/永久基本农田.shp`);
  const key = (b: number[]) => b.map((v) => v.toFixed(3)).join(",");
  const pbf = new Set<string>();
  for (let k = 0; k < pbfLayer.length; k++) pbf.add(key(featureBBox(pbfLayer.geometry!, k)));
  const xlsx = readXlsx(`${dir}/outflow_projects.xlsx`);
  const proj = new Map<string, Record<string, Cell>>();
  for (let i = 0; i < xlsx.length; i++) {
    const row = Object.fromEntries(Object.keys(xlsx.columns).map((h) => [h, xlsx.columns[h][i]]));
    for (const b of String(row["地块BSM"] ?? "").split(";")) proj.set(`${row["年度"]}|${b}`, row);
  }
  const dbf = new Map<number, Map<string, { area: number; box: string }>>();
  const prevYear = async (y: number) => {
    if (!dbf.has(y)) {
      const l = await readLayer(`${dir}/DLTB_${y}.shp`);
      const m = new Map<string, { area: number; box: string }>();
      for (let k = 0; k < l.length; k++) m.set(String(l.columns.BSM[k]), { area: Number(l.columns.TBDLMJ[k]), box: key(featureBBox(l.geometry!, k)) });
      dbf.set(y, m);
    }
    return dbf.get(y)!;
  };
  const totals = new Map<number, Totals>();
  const projectBsm = new Map<string, boolean>();
  const pendingBsm: string[] = [];
  for (let i = 0; i < log.length; i++) {
    const year = Number(c("year", i)), from = c("from", i), to = c("to", i), kind = c("kind", i), bsm = c("BSM", i);
    if (!from.startsWith("01") || to.startsWith("01")) continue;
    const p = (await prevYear(year - 1)).get(bsm)!;
    const t = totals.get(year) ?? {};
    totals.set(year, t);
    const add = (k: string) => (t[k] = (t[k] ?? 0) + p.area);
    add("changed");
    if (OUT.test(to)) add("outflowKind");
    if (kind === "exempt") add("exempt");
    else if (kind === "construction") add("zhanbu");
    else if (kind === "farmland_out") {
      if (pbf.has(p.box)) {
        add("restore");
        continue;
      }
      const row = c("project", i) === "1" ? proj.get(`${year}|${bsm}`) : undefined;
      projectBsm.set(`${year}|${bsm}`, row != null);
      const approved = row != null && row["承包户书面同意"] === "是" && row["乡镇备案"] === "是" && row["符合国土空间规划"] === "是";
      const date = row ? String(row["开工日期"] ?? row["完工日期"] ?? "") : "";
      const notice = row && NON_FARM_NOTICE.test(String(row["项目类型"])) ? "2020-09-10" : "2020-11-04";
      const pre = date ? date < notice : year <= 2020;
      if (approved || pre) add("balance");
      else {
        add("pending");
        pendingBsm.push(bsm);
      }
    } else throw new Error(`unexpected change kind ${kind} for farmland ${bsm}`);
  }
  return { totals, projectBsm, pendingBsm };
}

function ledgerTotals(l: OutflowLedger, year: number): Totals {
  const t: Totals = { changed: l.changedFarmlandM2[year] ?? 0 };
  for (const e of l.entries.filter((x) => x.year === year)) {
    t[e.status] = (t[e.status] ?? 0) + e.areaM2;
    if (e.kind === "outflow") t.outflowKind = (t.outflowKind ?? 0) + e.areaM2;
  }
  return t;
}

Deno.test("demo province: the ledger equals the generator's change log, county by county, and conserves area", async () => {
  const { dir, manifest } = await demoProvince();
  let checkedYears = 0, restoreSeen = 0, pendingSeen = 0, exemptSeen = 0;
  for (const county of manifest.counties) {
    const cdir = `${dir}/${county.code}`;
    const l = await runCountyOutflow(cdir);
    const exp = await expected(cdir);
    assertEquals(l.years, [2020, 2021, 2022, 2023, 2024]);
    assertEquals(l.unmatched.length, 0, `${county.code}: same geometry every year`);
    assertEquals(l.problems.filter((p) => !p.includes("载入检查")), [], `${county.code} problems`);
    for (const year of l.years) {
      const want = exp.totals.get(year) ?? {};
      const got = ledgerTotals(l, year);
      for (const k of ["changed", "outflowKind", ...STATUSES]) {
        assertAlmostEquals(got[k] ?? 0, want[k] ?? 0, 1e-6, `${county.code} ${year} ${k}`);
      }
      const parts = STATUSES.reduce((s, k) => s + (got[k] ?? 0), 0);
      assertAlmostEquals(parts, got.changed, 1e-6, `${county.code} ${year}: changed = Σ statuses`);
      const need = l.needs.find((n) => n.county === county.code && n.year === year)!;
      assertAlmostEquals(need.areaM2, got.balance ?? 0, 1e-6, `${county.code} ${year} need`);
      assertEquals([need.city, need.province], [county.cityCode, "90"]);
      checkedYears++;
      restoreSeen += want.restore ?? 0;
      pendingSeen += want.pending ?? 0;
      exemptSeen += want.exempt ?? 0;
    }
    // Attribution: a change the generator filed with a project is the project's, the rest the farmers' own.
    for (const e of l.entries.filter((x) => x.status === "balance" || x.status === "pending")) {
      assertEquals(e.attribution === "project", exp.projectBsm.get(`${e.year}|${e.bsm}`), `${county.code} ${e.year} ${e.bsm}`);
    }
    if (county.code === "900101") {
      // The county consents to every pending change: all of it enters the balance.
      const all = await runCountyOutflow(cdir, { rules: { consentBsm: exp.pendingBsm } });
      const sum = (x: OutflowLedger) => x.needs.reduce((s, n) => s + n.areaM2, 0);
      const pending = l.entries.filter((e) => e.status === "pending").reduce((s, e) => s + e.areaM2, 0);
      assert(pending > 0);
      assertAlmostEquals(sum(all), sum(l) + pending, 1e-6);
      assert(all.entries.every((e) => e.status !== "pending"));
      await checkOutputs(all);
    }
  }
  assertEquals(checkedYears, manifest.counties.length * 5);
  assert(restoreSeen > 0 && pendingSeen > 0 && exemptSeen > 0, "the demo exercises 整改恢复, 待认定 and exemptions");
});

async function checkOutputs(l: OutflowLedger): Promise<void> {
  const out = await Deno.makeTempDir({ prefix: "outflow-out-" });
  const db = await openEngine();
  try {
    const stats = await outflowStatistics(db, l.entries);
    await writeOutflowOutputs(`${out}/900101`, [l], stats, { name: (c) => (c === "900101" ? "平川县" : null) });
    const county = stats.byUnit.filter((u) => u.level === "county");
    for (const n of l.needs) assertAlmostEquals(county.find((u) => u.year === n.year)!.balance_m2, n.areaM2, 1e-6);
    const names = [...Deno.readDirSync(`${out}/900101`)].map((e) => e.name).sort();
    for (const f of ["needs.csv", "entries.csv", "restoration.csv", "pending.csv", "exempt.csv", "by_unit.csv", "by_dimension.csv", "annual_plan.csv", "outflow.xlsx", "method.txt"]) {
      assert(names.includes(f), `${f} written`);
    }
    const header = (await Deno.readTextFile(`${out}/900101/needs.csv`)).split("\r\n")[0];
    assert(header.includes("纳入进出平衡的转出面积（平方米）") && header.includes("纳入进出平衡的转出面积（亩）"), header);
    const sheet = readXlsx(`${out}/900101/outflow.xlsx`, { sheet: "整改恢复清单" });
    const restore = l.entries.filter((e) => e.status === "restore");
    assertEquals(sheet.length, restore.length);
    assertEquals(new Set(sheet.columns["台账去向"]), new Set(["整改恢复（永久基本农田）"]));
    assertAlmostEquals(sheet.columns["面积（平方米）"].reduce((s: number, v) => s + Number(v), 0), restore.reduce((s, e) => s + e.areaM2, 0), 0.01 * restore.length);
  } finally {
    await db.close();
    await Deno.remove(out, { recursive: true });
  }
}
