/**
 * Out-flow statistics in DuckDB (both engines) on a hand-made ledger with known numbers:
 * per county and township, class, ownership, grade, unstable share.
 */
import { assertAlmostEquals, assertEquals } from "../_assert.ts";
import { buildOutflowLedger } from "../../src/outflow/ledger.ts";
import { outflowStatistics } from "../../src/outflow/sql.ts";
import { openEngine } from "../../src/db/engine.ts";
import { polygonColumnFromRings } from "../../src/geom/types.ts";
import { changed, type P, rect, survey } from "./_fixtures.ts";

const BEFORE: P[] = [
  { bsm: "A", dlbm: "0101", box: [0, 0, 100, 100], tbxhdm: "HDGD", gddb: 2 },
  { bsm: "B", dlbm: "0103", box: [100, 0, 100, 100], gdpdjb: 5, gddb: 8 },
  { bsm: "C", dlbm: "0103", box: [200, 0, 100, 100], tbdlmj: 8000, gddb: 5 },
  { bsm: "D", dlbm: "0103", box: [300, 0, 100, 100], gddb: 10, qsxz: "10", zl: "9001010020010000000" },
  { bsm: "E", dlbm: "0103", box: [400, 0, 100, 100] },
];
const AFTER = changed(BEFORE, { A: { dlbm: "0201" }, B: { dlbm: "0301" }, C: { dlbm: "0201" }, D: { dlbm: "1202" }, E: { dlbm: "0702" } });

for (const kind of ["wasm", "native"] as const) {
  Deno.test(`out-flow statistics (${kind}): county and township rows, class, ownership, grade, unstable share`, async () => {
    const ledger = await buildOutflowLedger({
      surveys: [{ year: 2019, table: survey(BEFORE, 2019) }, { year: 2020, table: survey(AFTER, 2020) }],
      projects: [], pbf: null, unstable: polygonColumnFromRings([[[rect(200, 0, 40, 100)]]]),
    });
    const db = await openEngine({ kind });
    try {
      const { byUnit, byDimension } = await outflowStatistics(db, ledger.entries);
      assertEquals(byUnit.map((r) => [r.level, r.township, r.year]), [
        ["county", null, 2020], ["township", "900101001", 2020], ["township", "900101002", 2020],
      ]);
      const c = byUnit[0];
      assertEquals([c.changed_m2, c.balance_m2, c.zhanbu_m2, c.pending_m2], [48000, 38000, 10000, 0]);
      assertEquals([c.balance_paddy_m2, c.balance_irrigated_m2, c.balance_dry_m2], [10000, 0, 28000]);
      assertEquals([c.balance_state_m2, c.balance_collective_m2, c.balance_farmer_m2, c.balance_pre_m2], [10000, 28000, 38000, 38000]);
      assertAlmostEquals(c.balance_unstable_m2, 23200, 1e-6);
      assertAlmostEquals(c.out_unstable_m2 / c.out_m2, 23200 / 38000, 1e-12);
      assertAlmostEquals(c.balance_grade!, 240000 / 38000, 1e-12);
      assertEquals(c.parcels, 5);
      assertEquals([byUnit[1].balance_m2, byUnit[2].balance_m2], [28000, 10000]);
      const dim = (d: string, v: string, level = "county") =>
        byDimension.filter((r) => r.level === level && r.dimension === d && r.value === v && r.status === "balance")
          .reduce((s, r) => s + r.area_m2, 0);
      assertAlmostEquals(dim("不稳定耕地", "是"), 23200, 1e-6);
      assertAlmostEquals(dim("不稳定耕地", "否"), 14800, 1e-6);
      assertEquals([dim("地类", "水田"), dim("地类", "旱地"), dim("权属", "国有"), dim("耕地等别", "10等")], [10000, 28000, 10000, 10000]);
      assertEquals(dim("项目类型", "农民自发（县级兜底）"), 38000);
      assertEquals(dim("转出年份", "2020年"), 38000);
      assertEquals(dim("坐落（村）", "900101002001", "township"), 10000);
    } finally {
      await db.close();
    }
  });
}
