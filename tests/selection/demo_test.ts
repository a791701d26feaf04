/**
 * The selection on the demo province, end to end: each county's latest layer is screened
 * (the real screening), its field returns imported, the pool built with the permanent basic
 * farmland layer; the needs come from the out-flow ledger (runCountyOutflow). On the ledger's
 * needs, and on needs scaled up until the pools run short (city and province levels), the
 * optimiser never costs more than the rule order wherever the rule order meets the same
 * requirements, and every choice is a verified, complete, 可以恢复/建议恢复 piece.
 */
import { assert, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { loadParcels } from "../../src/ingest/load.ts";
import { readConstraintDir } from "../../src/screen/layers.ts";
import { screenParcels } from "../../src/screen/screen.ts";
import { screenParams } from "../../src/screen/params.ts";
import { loadIndicatorSystem } from "../../src/evaluate/system.ts";
import { importReturns } from "../../src/evaluate/import.ts";
import { buildPool } from "../../src/selection/pool.ts";
import { readPolygonLayer } from "../../src/selection/inputs.ts";
import { selectGreedy, selectRestorations } from "../../src/selection/select.ts";
import { runCountyOutflow } from "../../src/outflow/run.ts";
import type { OutflowNeed } from "../../src/outflow/types.ts";
import type { PoolPiece } from "../../src/selection/types.ts";
import { makeAdminNamer } from "../../src/units/admin.ts";
import { readLayer } from "../../src/ingest/read_layer.ts";

const { dir, manifest } = await demoProvince();
const system = await loadIndicatorSystem();
const pool: PoolPiece[] = [];
const needs: OutflowNeed[] = [];
const latest = Math.max(...Object.keys(manifest.counties[0].years).map(Number));
const verified = new Set<string>();
let screenMs = 0;
for (const c of manifest.counties) {
  const t0 = performance.now();
  const { table } = await loadParcels([`${dir}/${c.code}/DLTB_${latest}.shp`], { progress: false });
  const layers = await readConstraintDir(`${dir}/${c.code}/constraints`, table.crs!);
  const screened = await screenParcels(table, layers, screenParams({}), { progress: false });
  screenMs += performance.now() - t0;
  const imported = await importReturns([`${dir}/${c.code}/field_returns.xlsx`], screened.pieces, system, {
    crs: table.crs!,
  });
  for (const g of imported.graded) verified.add(`${g.piece.bsm}#${g.piece.part}#${g.grade.result}`);
  const pbf = await readPolygonLayer(`${dir}/${c.code}/永久基本农田.shp`, table.crs!);
  const built = await buildPool(screened.pieces, imported, { pbfLayer: pbf.geometry });
  pool.push(...built.pool);
  const ledger = await runCountyOutflow(`${dir}/${c.code}`, { years: [latest - 1, latest] });
  needs.push(...ledger.needs.filter((n) => n.year === latest && n.county === c.code));
}
const admin = await readLayer(`${dir}/admin_units.csv`);
const names = new Map(admin.columns.code.map((code, i) => [String(code), String(admin.columns.name[i])]));
const namer = makeAdminNamer({ xzq: names });
const name = (code: string) => namer.name(code);

/** Every scope where the rule order meets the same requirements costs no less than the optimiser's choice. */
function assertNeverDearer(r: Awaited<ReturnType<typeof selectRestorations>>, label: string): void {
  for (const s of r.solves) {
    if (s.greedyMeets) {
      assert(s.cost <= s.greedyCost + 1e-6, `${label} ${s.level} ${s.scope}: ${s.cost} > ${s.greedyCost}`);
    }
  }
}

Deno.test("demo: pool holds only verified, complete 可以恢复/建议恢复 pieces, with enough 可以恢复", () => {
  assert(pool.length > 50, `pool ${pool.length}`);
  for (const p of pool) {
    assert(verified.has(`${p.bsm}#${p.part}#${p.result}`), `${p.bsm}#${p.part} verified as ${p.result}`);
  }
  const can = pool.filter((p) => p.result === "可以恢复");
  assert(can.length >= 30, `可以恢复 ${can.length}`);
  assert(can.every((p) => p.paddyCapable), "可以恢复 means water 容易");
  assert(pool.some((p) => p.adjoinsPbf) && pool.some((p) => !p.adjoinsPbf));
  assert(pool.filter((p) => p.grade !== null).length > pool.length * 0.9, "grades from adjacent farmland");
  console.log(
    `  demo: ${manifest.counties.length} counties screened in ${
      (screenMs / 1000).toFixed(1)
    } s, pool ${pool.length} (可以恢复 ${can.length}), needs ${needs.length}`,
  );
});

Deno.test("demo: ledger needs — optimiser ≤ rule order, choices valid, solve times", async () => {
  assert(needs.length === manifest.counties.length, `needs ${needs.length}`);
  const t0 = performance.now();
  const opt = await selectRestorations(needs, pool, { name });
  const ms = performance.now() - t0;
  const greedy = selectGreedy(needs, pool, { name });
  assertNeverDearer(opt, "ledger");
  const byKey = new Set(pool.map((p) => `${p.bsm}#${p.part}`));
  for (const c of opt.choices) {
    assert(byKey.has(`${c.piece.bsm}#${c.piece.part}`) && c.reason.startsWith("选入："));
  }
  assertEquals(
    new Set(opt.choices.map((c) => `${c.piece.bsm}#${c.piece.part}`)).size,
    opt.choices.length,
    "a piece serves once",
  );
  assertEquals(opt.choices.length + opt.unused.length, pool.length);
  for (const n of opt.needs) {
    const g = greedy.needs.find((x) => x.need.county === n.need.county)!;
    assert(n.uncoveredM2 <= g.uncoveredM2 + 1e-6, `${n.need.county}: uncovered`);
  }
  const total = (r: typeof opt) => r.needs.reduce((t, n) => t + n.costWan, 0);
  console.log(
    `  ledger needs: ${needs.length} counties, ${opt.choices.length} pieces, cost ${
      total(opt).toFixed(2)
    } 万元 (rule order ${total(greedy).toFixed(2)}), ${opt.solves.length} scopes solved in ${
      ms.toFixed(0)
    } ms`,
  );
});

Deno.test("demo: needs ×3, the largest beyond its whole city's pool — city and province levels cover, optimiser ≤ rule order", async () => {
  const top = [...needs].sort((a, b) => b.areaM2 - a.areaM2 || (a.county < b.county ? -1 : 1))[0];
  const cityPool = pool.filter((p) => p.city === top.city).reduce((t, p) => t + p.areaM2, 0);
  const big = needs.map((n) => {
    const area = n === top ? cityPool + 20 * 666.67 : n.areaM2 * 3;
    const k = n.areaM2 > 0 ? area / n.areaM2 : 0;
    return {
      ...n,
      areaM2: area,
      paddyM2: n.paddyM2 * k,
      townships: n.townships?.map((t) => ({ ...t, areaM2: t.areaM2 * k, paddyM2: t.paddyM2 * k })),
    };
  });
  const t0 = performance.now();
  const opt = await selectRestorations(big, pool, { name });
  const ms = performance.now() - t0;
  assertNeverDearer(opt, "×3");
  const levels = new Set(opt.choices.map((c) => c.level));
  assertEquals([...levels].sort(), ["city", "county", "province"]);
  const t = opt.needs.find((n) => n.need.county === top.county)!;
  assert(t.levels.length === 3 && t.levels[2].areaM2 > 0, `${top.county} draws on the province`);
  assert(t.levels[2].from.every((f) => !f.county.startsWith(top.city)), "province level: other cities only");
  for (const n of opt.needs) {
    const fromLevels = n.levels.reduce((t, l) => t + l.areaM2, 0);
    assert(Math.abs(fromLevels - n.coveredM2) < 1e-6, "levels add up");
    const last = n.levels.at(-1);
    if (!last) {
      assertEquals([n.need.areaM2, n.choices.length], [0, 0], `${n.need.county}: nothing to cover`);
      continue;
    }
    assert(
      Math.abs(last.remainingM2 - n.uncoveredM2) < 1e-3,
      `${n.need.county}: remaining ${last.remainingM2} vs ${n.uncoveredM2}`,
    );
  }
  const greedy = selectGreedy(big, pool, { name });
  const total = (r: typeof opt) => r.needs.reduce((t, n) => t + n.costWan, 0);
  const slow = [...opt.solves].sort((a, b) => b.ms - a.ms)[0];
  console.log(
    `  needs ×3 and one beyond its city: ${opt.choices.length} pieces (${[...levels].join("/")}), cost ${
      total(opt).toFixed(2)
    } 万元 (rule order ${total(greedy).toFixed(2)}), ${opt.solves.length} scopes in ${
      ms.toFixed(0)
    } ms, slowest ${slow.level} ${slow.scope} ${slow.ms.toFixed(0)} ms`,
  );
});
