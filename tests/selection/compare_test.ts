// The optimiser set against the rule order, need by need, and the cover split by level.
import assert from "node:assert/strict";
import { selectRestorations } from "../../src/selection/select.ts";
import { coverageRows, coverByLevel, methodComparison } from "../../src/selection/compare.ts";
import { M2_PER_MU } from "../../src/units/area.ts";
import { need, piece } from "./_fixtures.ts";

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} ≠ ${b}`);

Deno.test("methodComparison: one row per need and a total that is the sum; each side is its own result", async () => {
  const needs = [need(10), need(5, { county: "900102" })];
  const pool = [
    // The rule order takes the I_CONTIG piece first; the optimiser may take the cheaper pair.
    piece("A1", 11, { costPerMu: 5 }),
    piece("A2", 6, { cls: "II_CONTIG", costPerMu: 1 }),
    piece("A3", 5, { cls: "II_CONTIG", costPerMu: 1 }),
    piece("B1", 6, { county: "900102", costPerMu: 3 }),
  ];
  const optimal = await selectRestorations(needs, pool, { method: "optimal" });
  const greedy = await selectRestorations(needs, pool, { method: "greedy" });
  const t = methodComparison(optimal, greedy, (c) => ({ "900101": "平川县", "900102": "丘阳县" })[c] ?? null);
  assert.equal(t.rows.length, 3);
  const [r1, r2, total] = t.rows;
  assert.deepEqual([r1.county, r2.county, total.county], ["900101", "900102", null]);
  for (const [row, o, g] of [[r1, optimal.needs[0], greedy.needs[0]], [r2, optimal.needs[1], greedy.needs[1]]] as const) {
    close(row.a.coveredM2, o.choices.reduce((s, c) => s + c.piece.areaM2, 0), "optimal covered = its choices");
    close(row.b.coveredM2, g.choices.reduce((s, c) => s + c.piece.areaM2, 0), "greedy covered = its choices");
    assert.equal(row.a.pieces, o.choices.length);
    assert.equal(row.b.pieces, g.choices.length);
    close(row.a.costWan, o.costWan, "optimal cost");
    close(row.b.costWan, g.costWan, "greedy cost");
  }
  for (const k of ["coveredM2", "uncoveredM2", "costWan", "pieces"] as const) {
    close(total.a[k], r1.a[k] + r2.a[k], `total a.${k}`);
    close(total.b[k], r1.b[k] + r2.b[k], `total b.${k}`);
  }
  close(total.needM2, 15 * M2_PER_MU, "total need");
  // Both cover everything here, and the optimiser is never dearer than the rule order it must match.
  assert.equal(total.a.uncoveredM2, 0);
  assert.ok(total.a.costWan <= total.b.costWan + 1e-9, `${total.a.costWan} > ${total.b.costWan}`);
  // The headers say which method is which, and the county names are there.
  const headers = t.columns.map((c) => c.header);
  assert.ok(headers.includes("优化·覆盖（亩）") && headers.includes("规则顺序·恢复成本（万元）"), headers.join("、"));
  assert.equal(t.columns.find((c) => c.header === "县级名称")!.value(r2), "丘阳县");
  assert.equal(t.columns.find((c) => c.header === "县级代码")!.value(total), "合计");
});

Deno.test("methodComparison refuses results of different needs", async () => {
  const pool = [piece("A1", 11)];
  const a = await selectRestorations([need(10)], pool, {});
  const b = await selectRestorations([need(9)], pool, { method: "greedy" });
  assert.throws(() => methodComparison(a, b), /不是针对同一批转出需求/);
});

Deno.test("coverByLevel and coverageRows: county, city, province and uncovered add up to covered + uncovered", async () => {
  // 900101 needs 20 亩: 4 亩 in the county, 8 in another county of the city, 5 elsewhere in the province; 3 left.
  const needs = [need(20)];
  const pool = [
    piece("A1", 4),
    piece("C1", 8, { county: "900102" }),
    piece("P1", 5, { county: "900201" }),
  ];
  const r = await selectRestorations(needs, pool, {});
  const s = coverByLevel(r.needs[0]);
  close(s.countyM2, 4 * M2_PER_MU, "county");
  close(s.cityM2, 8 * M2_PER_MU, "city");
  close(s.provinceM2, 5 * M2_PER_MU, "province");
  close(s.uncoveredM2, 3 * M2_PER_MU, "uncovered");
  const rows = coverageRows(r, (c) => `县${c}`);
  assert.deepEqual(rows.map((x) => [x.county, x.level]), [["县900101", "county"], ["县900101", "city"], ["县900101", "province"], ["县900101", "uncovered"]]);
  close(rows.reduce((a, x) => a + x.mu, 0), 20, "亩 in all levels");
});
