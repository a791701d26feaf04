// Every screening rule of DOMAIN.md §4.1–§4.3 on hand-made geometry with exactly known answers.
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { layer, rect, table } from "./_build.ts";
import { screenParcels } from "../../src/screen/screen.ts";
import { screenParams } from "../../src/screen/params.ts";
import type { ScreenResult } from "../../src/screen/types.ts";

const run = async (t: Awaited<ReturnType<typeof table>>, layers: ReturnType<typeof layer>[], over = {}) =>
  await screenParcels(t, layers, screenParams(over), { progress: false });

function conserve(r: ScreenResult) {
  const l = r.ledger;
  assertAlmostEquals(l.candidateM2, l.keptM2 + l.removedM2 + l.droppedM2, 1e-9 * Math.max(1, l.candidateM2));
}

Deno.test("candidates: classes, JKHF/GCHF, wetland opt-in, suffixed codes, extra sources, 占补 exclusion", async () => {
  const t = await table([
    { bsm: "orchard", dlbm: "0201", zzsx: "JKHF", polys: [[rect(0, 0, 50, 50)]] },
    { bsm: "other-grass", dlbm: "0404", zzsx: "JKHF", polys: [[rect(100, 0, 50, 50)]] },
    { bsm: "marsh", dlbm: "0402", zzsx: "GCHF", polys: [[rect(200, 0, 50, 50)]] },
    { bsm: "forest-no-mark", dlbm: "0301", polys: [[rect(300, 0, 50, 50)]] },
    { bsm: "pond-k", dlbm: "1104K", zzsx: "GCHF", polys: [[rect(400, 0, 50, 50)]] },
    { bsm: "facility", dlbm: "1202", polys: [[rect(500, 0, 50, 50)]] },
    { bsm: "counted", dlbm: "0301", zzsx: "JKHF", polys: [[rect(600, 0, 50, 50)]] },
  ]);
  const r = await run(t, [], { extraSources: [{ name: "停用设施农用地", bsm: ["facility"] }], excludeBsm: ["counted"] });
  assertEquals(r.pieces.map((p) => p.bsm), ["facility", "orchard", "pond-k"]);
  assertEquals(r.candidates.bySource, { JKHF: 1, GCHF: 1, "停用设施农用地": 1 });
  assert(r.notes.some((n) => n.includes("1 个图斑不计入")));
  const wet = await run(t, [], { includeWetland: true });
  assert(wet.pieces.some((p) => p.bsm === "marsh"));
});

Deno.test("erase: reported area is TBMJ-scaled; a strip splits a parcel into two parts numbered by size", async () => {
  const t = await table([{ bsm: "c", dlbm: "0201", zzsx: "JKHF", polys: [[rect(0, 0, 100, 100)]], tbmj: 10100 }]);
  const r = await run(t, [layer("strip", [[rect(60, -10, 10, 120)]])]);
  assertEquals(r.pieces.map((p) => [p.part, p.planarM2]), [[1, 6000], [2, 3000]]);
  assertAlmostEquals(r.pieces[0].areaM2, 6060, 1e-6);
  assertAlmostEquals(r.ledger.removedM2, 1010, 1e-6);
  assertAlmostEquals(r.ledger.layers[0].deductionM2, 1010, 1e-6);
  conserve(r);
});

Deno.test("the 400 m² line: exactly 400 kept, just below dropped; parts touching at a point are two pieces", async () => {
  // 20 × 20 = 400 exactly after erasing the rest of a 20 × 40 parcel; 20 × 19.99 dropped.
  const t = await table([
    { bsm: "a", dlbm: "0301", zzsx: "JKHF", polys: [[rect(0, 0, 20, 40)]] },
    { bsm: "b", dlbm: "0301", zzsx: "JKHF", polys: [[rect(100, 0, 20, 40)]] },
    { bsm: "bow", dlbm: "0301", zzsx: "JKHF", polys: [[rect(200, 0, 100, 100)]] },
  ]);
  const r = await run(t, [layer("cut", [[rect(0, 20, 20, 30)], [rect(100, 19.99, 20, 30)], [rect(250, 0, 60, 50)], [rect(190, 50, 60, 60)]])]);
  const a = r.pieces.filter((p) => p.bsm === "a");
  assertEquals(a.length, 1);
  assertAlmostEquals(a[0].areaM2, 400, 1e-9);
  assertEquals(r.pieces.filter((p) => p.bsm === "b").length, 0);
  assertEquals(r.ledger.droppedPieces, 1);
  assertAlmostEquals(r.ledger.droppedM2, 20 * 19.99, 1e-6);
  // The remaining quadrants of "bow" meet only at (250, 50): two pieces of 2500 m² each.
  assertEquals(r.pieces.filter((p) => p.bsm === "bow").map((p) => p.planarM2), [2500, 2500]);
  conserve(r);
});

Deno.test("ledger: land under two layers counts in each, once in the union", async () => {
  const t = await table([{ bsm: "c", dlbm: "0201", zzsx: "GCHF", polys: [[rect(0, 0, 100, 100)]] }]);
  const r = await run(t, [layer("A", [[rect(0, 0, 50, 100)], [rect(0, 0, 50, 100)]]), layer("B", [[rect(25, 0, 50, 100)]])]);
  assertEquals(r.ledger.layers.map((l) => [l.name, l.deductionM2, l.candidatesHit]), [["A", 5000, 1], ["B", 5000, 1]]);
  assertEquals(r.ledger.unionM2, 7500);
  assertEquals(r.pieces.map((p) => p.planarM2), [2500]);
});

Deno.test("exclude mode: share 0.5 exactly stays, above it goes whole and is charged to the largest overlap", async () => {
  const t = await table([
    { bsm: "half", dlbm: "0201", zzsx: "JKHF", polys: [[rect(0, 0, 100, 100)]] },
    { bsm: "more", dlbm: "0201", zzsx: "JKHF", polys: [[rect(200, 0, 100, 100)]] },
  ]);
  const r = await run(t, [layer("small", [[rect(0, 0, 50, 100)], [rect(200, 0, 20, 100)]]), layer("big", [[rect(220, 0, 40, 100)]])], { mode: "exclude" });
  assertEquals(r.pieces.map((p) => [p.bsm, p.areaM2]), [["half", 10000]]);
  assertEquals(r.ledger.layers.map((l) => [l.name, l.excluded, l.excludedM2]), [["small", 0, 0], ["big", 1, 10000]]);
  assertEquals(r.ledger.droppedM2, 0);
  conserve(r);
});

Deno.test("clusters: 10 m joins, 10.01 m does not; ≥ 50 亩 qualifies; classes at their edges", async () => {
  const mu50 = 50 * 10000 / 15;
  const t = await table([
    // Two farmland parcels 10 m apart whose TBMJ sum to exactly 50 亩.
    { bsm: "f1", dlbm: "0101", polys: [[rect(0, 0, 100, 100)]], tbmj: mu50 / 2 },
    { bsm: "f2", dlbm: "0103", polys: [[rect(110, 0, 100, 100)]], tbmj: mu50 / 2 },
    // A lone farmland parcel 10.01 m further: its own cluster, too small.
    { bsm: "f3", dlbm: "0103", polys: [[rect(220.01, 0, 100, 100)]], tbmj: 10000 },
    // Candidates: exactly 10 m from f1 → I; far and > 50 亩 → II; far and 10000.01 → scatter I; far and 10000 → scatter II.
    { bsm: "c1", dlbm: "0201", zzsx: "JKHF", polys: [[rect(0, 110, 50, 50)]] },
    { bsm: "c2", dlbm: "0301", zzsx: "JKHF", polys: [[rect(1000, 0, 200, 200)]] },
    { bsm: "c3", dlbm: "0301", zzsx: "JKHF", polys: [[rect(2000, 0, 100, 100)]], tbmj: 10000.01 },
    { bsm: "c4", dlbm: "0301", zzsx: "JKHF", polys: [[rect(3000, 0, 100, 100)]], tbmj: 10000 },
    // Near only the small cluster (f3): not I.
    { bsm: "c5", dlbm: "0301", zzsx: "JKHF", polys: [[rect(330.01, 0, 20, 50)]] },
  ]);
  const r = await run(t, []);
  assertEquals(r.clusters.clusters, 2);
  assertEquals(r.clusters.qualifyingClusters, 1);
  assertEquals(r.clusters.qualifyingParcels, 2);
  const cls = Object.fromEntries(r.pieces.map((p) => [p.bsm, p.cls]));
  assertEquals(cls, { c1: "I_CONTIG", c2: "II_CONTIG", c3: "I_SCATTER", c4: "II_SCATTER", c5: "II_SCATTER" });
  // Just under 50 亩: nothing qualifies.
  const t2 = await table([
    { bsm: "f1", dlbm: "0101", polys: [[rect(0, 0, 100, 100)]], tbmj: mu50 / 2 },
    { bsm: "f2", dlbm: "0103", polys: [[rect(110, 0, 100, 100)]], tbmj: mu50 / 2 - 0.01 },
    { bsm: "c1", dlbm: "0201", zzsx: "JKHF", polys: [[rect(0, 110, 50, 50)]] },
  ]);
  assertEquals((await run(t2, [])).pieces[0].cls, "II_SCATTER");
  // A gap of 20 m joins what 10 m did not.
  assertEquals((await run(t, [], { gapM: 20 })).clusters.clusters, 1);
});

Deno.test("I型 is measured from the piece after deduction, not from the parcel", async () => {
  const mu50 = 50 * 10000 / 15;
  const t = await table([
    { bsm: "f", dlbm: "0101", polys: [[rect(0, 0, 200, 200)]], tbmj: mu50 },
    { bsm: "c", dlbm: "0201", zzsx: "JKHF", polys: [[rect(205, 0, 100, 100)]] },
  ]);
  assertEquals((await run(t, [])).pieces[0].cls, "I_CONTIG");
  // Erasing the 20 m next to the farmland leaves a piece 25 m away.
  const r = await run(t, [layer("road", [[rect(205, -5, 20, 110)]])]);
  assertEquals(r.pieces.map((p) => [p.cls, p.planarM2]), [["II_SCATTER", 8000]]);
});

Deno.test("MultiPolygon parcel is scaled by its whole planar area; holes are kept", async () => {
  const donut = [rect(0, 0, 100, 100), rect(40, 40, 20, 20).reverse()];
  const t = await table([{ bsm: "m", dlbm: "0201", zzsx: "JKHF", polys: [donut, [rect(200, 0, 50, 50)]], tbmj: (9600 + 2500) * 1.02 }]);
  const r = await run(t, [layer("none", [[rect(5000, 5000, 1, 1)]])]);
  assertEquals(r.pieces.map((p) => p.planarM2), [9600, 2500]);
  assertAlmostEquals(r.pieces[0].areaM2, 9600 * 1.02, 1e-6);
  assertEquals(r.pieces[0].rings[0].length, 2, "the hole survives");
});

Deno.test("robust inputs: a constraint that copies the parcel exactly (reversed winding) leaves nothing; touching layers lose no area", async () => {
  const t = await table([
    { bsm: "copy", dlbm: "0301", zzsx: "JKHF", polys: [[rect(0, 0, 100, 100)]] },
    { bsm: "touch", dlbm: "0301", zzsx: "JKHF", polys: [[rect(200, 0, 100, 100)]] },
  ]);
  const r = await run(t, [layer("copy", [[rect(0, 0, 100, 100).reverse()]]), layer("edge", [[rect(300, 0, 50, 100)], [rect(150, 0, 50, 100)]])]);
  assertEquals(r.pieces.map((p) => [p.bsm, p.planarM2]), [["touch", 10000]]);
  assertEquals(r.ledger.layers.map((l) => l.candidatesHit), [1, 0]);
  conserve(r);
});
