/** Abandonment-by-terrain chart: snapshot, the line, labels strictly above it, groups, 9 and 100 counties. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import {
  abandonmentByTerrainChart,
  type AbandonmentTerrainRow,
  formatRate,
} from "../../src/charts/abandonment_by_terrain.ts";
import { NEUTRAL, WARN } from "../../src/chartkit/palette.ts";
import {
  assertSnapshot,
  assertTextFits,
  bars,
  countyNames,
  random,
  readSvg,
  svgSize,
  textsMatching,
} from "./_svg.ts";

const ROWS: AbandonmentTerrainRow[] = [
  { county: "平川县", terrain: "平原", ratePct: 1.5 },
  { county: "恰好县", terrain: "丘陵", ratePct: 20 },
  { county: "高岩县", terrain: "山区", ratePct: 29.98 },
];

Deno.test("abandonment by terrain chart matches its snapshot", async () => {
  await assertSnapshot(abandonmentByTerrainChart(ROWS, { source: "示例数据" }), "abandonment_by_terrain");
});

Deno.test("abandonment by terrain: only counties strictly above the line are labelled, groups in order", () => {
  const svg = abandonmentByTerrainChart(ROWS);
  const above = bars(svg, WARN);
  const below = bars(svg, NEUTRAL);
  assertEquals(above.length, 1);
  assertEquals(below.length, 2);
  const exact = below.find((b) => b.width > 10 * below.reduce((m, x) => Math.min(m, x.width), Infinity) / 2)!;
  assertAlmostEquals(above[0].width / exact.width, 29.98 / 20, 1e-9);
  assertEquals(
    textsMatching(svg, /%$/).filter((t) => /^\d/.test(t.text) && t.size === 12).map((t) => t.text),
    [
      "29.98%",
    ],
  );
  const heads = textsMatching(svg, /^(山区|丘陵|平原)（/).map((t) => t.text);
  assertEquals(heads, [
    "山区（1 个县，其中 1 个高于 20%）",
    "丘陵（1 个县，均不高于 20%）",
    "平原（1 个县，均不高于 20%）",
  ]);
  assert(svg.includes("3 个县中 1 个撂荒率高于 20%（恰为 20% 不计）"));
  // the dashed line stands at 20 % on the bars' scale, in each of the three groups
  const lines = readSvg(svg).lines.filter((l) => l.stroke === WARN && l.dash === "5,3");
  assertEquals(lines.length, 3);
  for (const l of lines) assertAlmostEquals(l.x1, above[0].x + (above[0].width * 20) / 29.98, 1e-6);
});

Deno.test("abandonment by terrain: a rate just above the line never prints as the line", () => {
  assertEquals(formatRate(20.001, 20), "20.001%");
  assertEquals(formatRate(20.00001, 20), "20.0000%");
  assertEquals(formatRate(23.456, 20), "23.46%");
  assertEquals(formatRate(20, 20), "20.00%");
});

Deno.test("abandonment by terrain: invalid numbers never reach the SVG; duplicates throw", () => {
  const svg = abandonmentByTerrainChart([
    { county: "甲县", terrain: "山区", ratePct: NaN },
    { county: "乙县", terrain: "山区", ratePct: 25 },
  ]);
  assert(!/NaN|Infinity/.test(svg));
  assert(svg.includes("注意：撂荒率不是有效数值（非有限数或负数），未画出 1 项：甲县。"));
  assertEquals(textsMatching(svg, /^无效$/).length, 1);
  assertThrows(() => abandonmentByTerrainChart([ROWS[0], ROWS[0]]), Error, "平川县");
  assert(abandonmentByTerrainChart(ROWS, { linePct: 17.5 }).includes("警戒线 17.5%"));
});

Deno.test("abandonment by terrain: 9 and 100 counties, no overlapping labels, height grows with rows", () => {
  const make = (n: number): AbandonmentTerrainRow[] => {
    const r = random(n + 11);
    return countyNames(n).map((county, i) => ({
      county,
      terrain: ["山区", "丘陵", "平原", "高原"][i % 4],
      ratePct: Math.round(r() * (i % 4 === 0 ? 4000 : 2200)) / 100,
    }));
  };
  const h = [3, 9, 100].map((n) => {
    const svg = abandonmentByTerrainChart(make(n));
    assertTextFits(svg);
    const labelled = textsMatching(svg, /^\d.*%$/).filter((t) => t.size === 12).length;
    assertEquals(labelled, make(n).filter((r) => r.ratePct > 20).length);
    return svgSize(svg).height;
  });
  assert(h[0] < h[1] && h[1] < h[2], String(h));
});
