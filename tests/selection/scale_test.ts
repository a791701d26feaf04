/**
 * A synthetic county pool of 5,000 pieces (seeded): one need of 30% of the pool area with a
 * grade and paddy. Both optimiser modes finish well inside the time limit, meet the
 * requirements, and cost no more than the rule order; the times are printed.
 */
import { assert } from "../_assert.ts";
import { selectGreedy, selectRestorations } from "../../src/selection/select.ts";
import type { ContigClass } from "../../src/screen/types.ts";
import { Rng } from "../../src/demo/rng.ts";
import { M2_PER_MU } from "../../src/units/area.ts";
import { need, piece } from "./_fixtures.ts";

const CLS: ContigClass[] = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"];
const rng = new Rng(5000);
const pool = Array.from({ length: 5000 }, (_, i) => {
  const can = rng.chance(0.4);
  return piece(`P${String(i).padStart(5, "0")}`, Math.round(rng.range(0.6, 40) * 100) / 100, {
    result: can ? "可以恢复" : "建议恢复",
    cls: rng.pick(CLS),
    adjoinsPbf: rng.chance(0.5),
    grade: rng.chance(0.95) ? rng.int(2, 12) : null,
    costPerMu: Math.round((can ? rng.range(0.8, 2.99) : rng.range(1.5, 9.5)) * 100) / 100,
    paddyCapable: can || rng.chance(0.3),
  });
});
const totalMu = pool.reduce((t, p) => t + p.areaM2, 0) / M2_PER_MU;
const graded = need(totalMu * 0.3, { grade: 7, paddyMu: totalMu * 0.12 });
const ungraded = need(totalMu * 0.3, { grade: null, paddyMu: totalMu * 0.12 });

for (
  const [reference, nd, label] of [
    ["rule-order", graded, "grade 7"],
    ["none", graded, "grade 7"],
    ["rule-order", ungraded, "no grade"],
  ] as const
) {
  Deno.test(`5,000-piece county pool (${label}, reference ${reference}): solve time, requirements met, never dearer than the rule order`, async () => {
    const t0 = performance.now();
    const r = await selectRestorations([nd], pool, { levels: ["county"], reference });
    const ms = performance.now() - t0;
    const g = selectGreedy([nd], pool, { levels: ["county"] });
    const n = r.needs[0], s = r.solves[0];
    assert(n.uncoveredM2 < 1e-6 && n.paddyShortfallM2 < 1e-6, n.summary);
    assert(nd.grade === null ? n.gradeStatus === "不适用" : n.gradeStatus === "达到", n.summary);
    assert(s.method === "optimal", s.notes.join("；"));
    assert(n.costWan <= g.needs[0].costWan + 1e-6, `${n.costWan} > ${g.needs[0].costWan}`);
    assert(ms < 120_000, `${ms} ms`);
    const solveMs = s.tiers.reduce((t, x) => t + x.ms, 0);
    console.log(
      `  5000 pieces, ${label}, reference ${reference}${
        s.referenceHeld ? " (held)" : ""
      }: ${n.choices.length} chosen, cost ${n.costWan.toFixed(1)} 万元 (rule order ${
        g.needs[0].costWan.toFixed(1)
      }), HiGHS ${solveMs.toFixed(0)} ms [${
        s.tiers.map((t) => `${t.tier} ${t.how} ${t.ms.toFixed(0)} ms`).join("; ")
      }], with reasons ${ms.toFixed(0)} ms`,
    );
  });
}
