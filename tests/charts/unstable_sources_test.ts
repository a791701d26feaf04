/** Unstable-sources chart: snapshot, shared scale, union last, values, guard, 100 counties. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { type UnstableSourceRow, unstableSourcesChart } from "../../src/charts/unstable_sources.ts";
import { NEUTRAL, PAIR } from "../../src/chartkit/palette.ts";
import { assertSnapshot, assertTextFits, bars, countyNames, random, svgSize, textsMatching } from "./_svg.ts";

const ROWS: UnstableSourceRow[] = [
  { county: "平川县", source: "合计（并集）", pct: 6 },
  { county: "平川县", source: "河道耕地", pct: 4.11 },
  { county: "山阳县", source: "坡度大于25°", pct: 2 },
];

Deno.test("unstable sources chart matches its snapshot", async () => {
  await assertSnapshot(unstableSourcesChart(ROWS, { source: "示例数据" }), "unstable_sources");
});

Deno.test("unstable sources: one shared scale, the union column last and dark, values written", () => {
  const svg = unstableSourcesChart(ROWS);
  const union = bars(svg, PAIR.first);
  const src = bars(svg, NEUTRAL).sort((a, b) => a.x - b.x);
  assertEquals(union.length, 1);
  assertEquals(src.length, 2);
  assertAlmostEquals(src[0].width / union[0].width, 4.11 / 6, 1e-9);
  assertAlmostEquals(src[1].width / union[0].width, 2 / 6, 1e-9);
  assert(src[1].x < union[0].x, "union is the last column");
  const heads = textsMatching(svg, /^(河道耕地|坡度大于25°|合计（并集）)$/).map((t) => t.text);
  assertEquals(heads, ["河道耕地", "坡度大于25°", "合计（并集）"]);
  for (const s of ["4.11", "6.00", "2.00", "占耕地面积的比例（%）", "不等于各列之和"]) {
    assert(svg.includes(s), s);
  }
  // a county without a row for a source says so
  assertEquals(textsMatching(svg, /^无数据$/).length, 3);
});

Deno.test("unstable sources: invalid numbers never reach the SVG; no union is said; duplicates throw", () => {
  const svg = unstableSourcesChart([
    { county: "甲县", source: "河道耕地", pct: NaN },
    { county: "甲县", source: "林区耕地", pct: 3 },
  ]);
  assert(!/NaN|Infinity/.test(svg));
  assert(svg.includes("注意：河道耕地占比不是有效数值（非有限数或负数），未画出 1 项：甲县。"));
  assert(svg.includes("未提供合计（并集）列"));
  assertThrows(() => unstableSourcesChart([ROWS[0], ROWS[0]]), Error, "平川县·合计（并集）");
  assert(
    unstableSourcesChart([{ county: "甲县", source: "任一", pct: 1 }], { union: "任一" }).includes(
      "任一：任一来源即计",
    ),
  );
});

Deno.test("unstable sources: 100 counties and six sources, no overlapping labels, height grows", () => {
  const sources = [
    "河道耕地",
    "湖区耕地",
    "林区耕地",
    "坡度大于25°",
    "河湖管理范围或洪水位控制线内",
    "合计（并集）",
  ];
  const make = (n: number): UnstableSourceRow[] => {
    const r = random(n + 9);
    return countyNames(n).flatMap((county) =>
      sources.map((source) => ({ county, source, pct: Math.round(r() * 2500) / 100 }))
    );
  };
  const h = [3, 9, 100].map((n) => {
    const svg = unstableSourcesChart(make(n));
    assertTextFits(svg);
    return svgSize(svg).height;
  });
  assert(h[0] < h[1] && h[1] < h[2], String(h));
});
