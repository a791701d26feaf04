/** Every briefing chart on the edges: no rows, all zeros, one unit; never NaN, labels fit, one <svg>. */
import { assert } from "../_assert.ts";
import { outflowBalanceChart } from "../../src/charts/outflow_balance.ts";
import { coverageLevelsChart } from "../../src/charts/coverage_levels.ts";
import { zhanbuBalanceChart } from "../../src/charts/zhanbu_balance.ts";
import { targetsChart } from "../../src/charts/targets.ts";
import { gradeDistributionChart } from "../../src/charts/grade_distribution.ts";
import { poolByClassChart } from "../../src/charts/pool_by_class.ts";
import { unstableSourcesChart } from "../../src/charts/unstable_sources.ts";
import { abandonmentByTerrainChart } from "../../src/charts/abandonment_by_terrain.ts";
import { assertTextFits, readSvg } from "./_svg.ts";

const CASES: Record<string, { empty: string; zeros: string }> = {
  outflow_balance: {
    empty: outflowBalanceChart([]),
    zeros: outflowBalanceChart([{ county: "甲县", outMu: 0, inMu: 0 }]),
  },
  coverage_levels: {
    empty: coverageLevelsChart([]),
    zeros: coverageLevelsChart([{ county: "甲县", level: "county", mu: 0 }]),
  },
  zhanbu_balance: {
    empty: zhanbuBalanceChart([]),
    zeros: zhanbuBalanceChart([{
      county: "甲县",
      occupiedMu: 0,
      supplementedMu: 0,
      occupiedGrade: null,
      supplementedGrade: null,
    }]),
  },
  targets: {
    empty: targetsChart([]),
    zeros: targetsChart([{ county: "甲县", kind: "pbf", actualMu: 0, targetMu: 0 }]),
  },
  grade_distribution: {
    empty: gradeDistributionChart([]),
    zeros: gradeDistributionChart([{ series: "转出", grade: 3, mu: 0 }]),
  },
  pool_by_class: {
    empty: poolByClassChart([]),
    zeros: poolByClassChart([{ township: "甲镇", cls: "I_CONTIG", mu: 0 }]),
  },
  unstable_sources: {
    empty: unstableSourcesChart([]),
    zeros: unstableSourcesChart([{ county: "甲县", source: "河道耕地", pct: 0 }]),
  },
  abandonment_by_terrain: {
    empty: abandonmentByTerrainChart([]),
    zeros: abandonmentByTerrainChart([{ county: "甲县", terrain: "山区", ratePct: 0 }]),
  },
};

for (const [name, c] of Object.entries(CASES)) {
  Deno.test(`${name}: no rows and all-zero rows give a clean chart`, () => {
    for (const svg of [c.empty, c.zeros]) {
      assert(svg.startsWith("<svg"), "one self-contained <svg>");
      assert(!/NaN|Infinity|undefined/.test(svg), "no NaN, Infinity or undefined");
      assert(svg.includes("数据来源："), "source line");
      assertTextFits(svg);
    }
    assert(c.empty.includes("没有可画的数据"));
    // an all-zero axis still has round ticks, not a run of "0" labels
    const zeros = readSvg(c.zeros).texts.filter((t) => t.text === "0" || t.text === "0%");
    assert(zeros.length <= 3, `${zeros.length} labels read 0 (the tick at the axis and the values)`);
  });
}
