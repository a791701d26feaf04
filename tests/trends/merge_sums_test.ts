// The survey trends sum one county file at a time and add the parts up (src/trends/merge_sums.ts):
// on real DuckDB, the merged sums of any split of the parcels equal the sums of the whole, row
// for row and in the same order; measures add, the unit's codes and year do not.
import { assert, assertEquals } from "../_assert.ts";
import { openEngine } from "../../src/db/engine.ts";
import {
  concatTrendParts,
  emptyParcelColumns,
  type LayerSumsRow,
  sumTrendPart,
  type TrendLayerColumns,
  type TrendParcelColumns,
  type UnitSumsRow,
} from "../../src/trends/sql.ts";
import { mergeLayerSums, mergeUnitSums } from "../../src/trends/merge_sums.ts";
import { DEFAULT_YIELD_TABLE } from "../../src/trends/weights.ts";

/** A seeded generator (mulberry32). */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Parcel {
  key: string;
  year: number;
  province: string | null;
  county: string | null;
  farm: boolean;
  tbdlmj: number;
  gddb: number;
  gdpdjb: number;
  tbxhdm: string | null;
  abandoned: boolean;
  cx: number;
  cy: number;
  union: number;
  layers: [string, number][];
}

function parcels(n: number): Parcel[] {
  const r = random(7);
  const units: [string | null, string | null][] = [["900000", "900101"], ["900000", "900102"], ["910000", "910101"], [null, null]];
  const codes = [null, "HDGD", "LQGD", "SMGD", "XX", " hqgd "];
  return Array.from({ length: n }, (_, i) => {
    const [province, county] = units[Math.floor(r() * units.length)];
    const layers: [string, number][] = r() < 0.3 ? [["河湖管理范围", r()], ["林区", r() * 1.2]] : [];
    return {
      key: `k${i}`,
      year: r() < 0.5 ? 2019 : 2024,
      province,
      county,
      farm: r() < 0.8,
      tbdlmj: r() < 0.05 ? NaN : 100 + r() * 5000,
      gddb: r() < 0.1 ? NaN : 1 + Math.floor(r() * 15),
      gdpdjb: r() < 0.1 ? NaN : 1 + Math.floor(r() * 5),
      tbxhdm: codes[Math.floor(r() * codes.length)],
      abandoned: r() < 0.15,
      cx: r() < 0.03 ? NaN : 500000 + r() * 1e5,
      cy: 3.5e6 + r() * 1e5,
      union: layers.length ? Math.max(...layers.map(([, f]) => f)) : 0,
      layers,
    };
  });
}

function columns(ps: Parcel[]): { cols: TrendParcelColumns; lcols: TrendLayerColumns } {
  const cols = emptyParcelColumns();
  const lcols: TrendLayerColumns = { pkey: [], layer: [], frac: [] };
  for (const p of ps) {
    cols.pkey.push(p.key);
    cols.year.push(p.year);
    cols.province.push(p.province);
    cols.county.push(p.county);
    cols.bsm.push(p.key);
    cols.isFarmland.push(p.farm);
    cols.tbdlmj.push(p.tbdlmj);
    cols.gddb.push(p.gddb);
    cols.gdpdjb.push(p.gdpdjb);
    cols.tbxhdm.push(p.tbxhdm);
    cols.abandoned.push(p.abandoned);
    cols.cx.push(p.cx);
    cols.cy.push(p.cy);
    cols.layerUnion.push(p.union);
    for (const [l, f] of p.layers) {
      lcols.pkey.push(p.key);
      lcols.layer.push(l);
      lcols.frac.push(f);
    }
  }
  return { cols, lcols };
}

function assertSameRows<R extends object>(got: R[], want: R[], what: string) {
  assertEquals(got.length, want.length, `${what}: rows`);
  got.forEach((g, i) => {
    const w = want[i] as Record<string, unknown>;
    for (const [k, v] of Object.entries(g)) {
      const x = w[k];
      if (typeof v === "number" && typeof x === "number") {
        assert(Math.abs(v - x) <= 1e-9 * Math.max(1, Math.abs(x)), `${what} row ${i} ${k}: ${v} ≠ ${x}`);
      } else assertEquals(v, x, `${what} row ${i} ${k}`);
    }
  });
}

for (const kind of ["wasm", "native"] as const) {
  Deno.test(`trends (${kind}): sums of parts (per county and year, and a county split in two) add up to the sums of the whole`, async () => {
    const all = parcels(3000);
    const db = await openEngine({ kind });
    try {
      const whole = columns(all);
      const want = await sumTrendPart(db, whole.cols, whole.lcols, DEFAULT_YIELD_TABLE);
      assert(want.sums.some((r) => r.level === "province") && want.sums.some((r) => r.county === null && r.level === "county"));
      assert(want.lsums.length > 4);
      // Parts as the stage makes them (one file per county and year), one of them split again.
      const byFile = Map.groupBy(all, (p) => `${p.county}|${p.year}`);
      const parts: Parcel[][] = [];
      for (const ps of byFile.values()) {
        if (ps[0].county === "900101" && ps[0].year === 2024) parts.push(ps.slice(0, 100), ps.slice(100));
        else parts.push(ps);
      }
      const sums: UnitSumsRow[] = [], lsums: LayerSumsRow[] = [];
      for (const ps of parts.reverse()) {
        const c = columns(ps);
        const s = await sumTrendPart(db, c.cols, c.lcols, DEFAULT_YIELD_TABLE);
        sums.push(...s.sums);
        lsums.push(...s.lsums);
      }
      assertSameRows(mergeUnitSums(sums), want.sums, "unit sums");
      // Parts taken together in threes (as the stage batches files) give the same sums.
      const batched: UnitSumsRow[] = [];
      for (let i = 0; i < parts.length; i += 3) {
        const c = concatTrendParts(parts.slice(i, i + 3).map(columns));
        batched.push(...(await sumTrendPart(db, c.cols, c.lcols, DEFAULT_YIELD_TABLE)).sums);
      }
      assertSameRows(mergeUnitSums(batched), want.sums, "unit sums, batched");
      // The query orders layer rows by year, province and layer only: the whole's ties in a fixed order.
      assertSameRows(mergeLayerSums(lsums), mergeLayerSums(want.lsums), "layer sums");
      assertEquals(mergeLayerSums(want.lsums).length, want.lsums.length);
    } finally {
      await db.close();
    }
  });
}

Deno.test("mergeUnitSums: measures add, year and codes do not; the province row comes before its counties", () => {
  const row = (level: "county" | "province", county: string | null, farmland: number): UnitSumsRow => {
    const r = Object.fromEntries(
      Object.keys(emptyMeasures).map((k) => [k, 1]),
    ) as unknown as UnitSumsRow;
    return { ...r, level, year: 2024, province: "900000", county, parcels: 1, farmland_m2: farmland };
  };
  const merged = mergeUnitSums([
    row("county", "900102", 5),
    row("county", "900101", 1),
    row("province", null, 1),
    row("county", "900101", 2),
    row("province", null, 7),
  ]);
  assertEquals(merged.map((r) => [r.level, r.county, r.year, r.province, r.parcels, r.farmland_m2, r.union_m2]), [
    ["province", null, 2024, "900000", 2, 8, 2],
    ["county", "900101", 2024, "900000", 2, 3, 2],
    ["county", "900102", 2024, "900000", 1, 5, 1],
  ]);
});
const emptyMeasures = {
  farmland_m2: 0, abandoned_m2: 0, slope1_m2: 0, slope2_m2: 0, slope3_m2: 0, slope4_m2: 0, slope5_m2: 0,
  graded_m2: 0, located_m2: 0, area_w: 0, area_wx: 0, area_wy: 0, quality_w: 0, quality_wx: 0, quality_wy: 0,
  capacity_w: 0, capacity_wx: 0, capacity_wy: 0, tbxh_hdgd_m2: 0, tbxh_hqgd_m2: 0, tbxh_lqgd_m2: 0,
  tbxh_mqgd_m2: 0, tbxh_shgd_m2: 0, tbxh_smgd_m2: 0, tbxh_any_m2: 0, attr_union_m2: 0, layer_union_m2: 0, union_m2: 0,
};
