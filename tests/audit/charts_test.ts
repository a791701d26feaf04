// The 占补平衡 chart rows from the audit's county × year balance.
import assert from "node:assert/strict";
import { zhanbuChartRows } from "../../src/audit/charts.ts";
import type { CountyYearBalance } from "../../src/audit/types.ts";
import { M2_PER_MU } from "../../src/units/area.ts";

const b = (county: string, year: number, occMu: number, supMu: number, occGrade: number | null, supGrade: number | null) =>
  ({ county, year, occAreaM2: occMu * M2_PER_MU, supAreaM2: supMu * M2_PER_MU, occGrade, supGrade }) as unknown as CountyYearBalance;

Deno.test("zhanbuChartRows: one row per county in the order given, areas summed in 亩, grades weighted by area", () => {
  const balance = [
    b("900101", 2024, 30, 40, 4, 6),
    b("900101", 2024, 10, 20, 8, 3),
    b("900101", 2023, 999, 999, 1, 1), // another year: left out
    b("900102", 2024, 10, 0, null, null),
    b("900102", 2024, 20, 10, 8, Number.NaN), // a NaN grade weighs nothing
  ];
  const rows = zhanbuChartRows(balance, 2024, ["900102", "900101", "900103"], (c) => `县${c}`);
  assert.deepEqual(rows.map((r) => r.county), ["县900102", "县900101", "县900103"]);
  const [r2, r1, r3] = rows;
  const near = (a: number | null, e: number) => assert.ok(a !== null && Math.abs(a - e) < 1e-9, `${a} ≠ ${e}`);
  near(r1.occupiedMu, 40);
  near(r1.supplementedMu, 60);
  near(r1.occupiedGrade, (30 * 4 + 10 * 8) / 40);
  near(r1.supplementedGrade, (40 * 6 + 20 * 3) / 60);
  assert.ok(Math.abs(r2.occupiedMu - 30) < 1e-9 && Math.abs(r2.supplementedMu - 10) < 1e-9);
  near(r2.occupiedGrade, 8); // only the graded record counts
  assert.equal(r2.supplementedGrade, null);
  assert.deepEqual(r3, { county: "县900103", occupiedMu: 0, supplementedMu: 0, occupiedGrade: null, supplementedGrade: null });
});
