/** Targets chart: snapshot, bar vs tick positions, shortfall marking, guard, 100 counties. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { type TargetRow, targetsChart } from "../../src/charts/targets.ts";
import { INK, PAIR, WARN } from "../../src/chartkit/palette.ts";
import {
  assertSnapshot,
  assertTextFits,
  bars,
  countyNames,
  parseSvg,
  random,
  svgSize,
  textsMatching,
} from "./_svg.ts";

const ROWS: TargetRow[] = [
  { county: "平川县", kind: "farmland", actualMu: 48000, targetMu: 50000 },
  { county: "平川县", kind: "pbf", actualMu: 41000, targetMu: 40000 },
  { county: "山阳县", kind: "farmland", actualMu: 30000, targetMu: 30000 },
];

Deno.test("targets chart matches its snapshot", async () => {
  await assertSnapshot(targetsChart(ROWS, { source: "示例数据" }), "targets");
});

/** x of each target tick (absolute), in drawing order. */
function ticks(svg: string): number[] {
  const root = parseSvg(svg);
  const xs: number[] = [];
  for (const g of root.querySelectorAll('g[aria-label="tick"]')) {
    if (g.getAttribute("stroke") !== INK) continue;
    for (const l of g.querySelectorAll("line")) xs.push(Number(l.getAttribute("x1")));
  }
  return xs;
}

Deno.test("targets: the tick is at the target on the bars' scale; a short county is marked", () => {
  const svg = targetsChart(ROWS);
  const farm = bars(svg, PAIR.first);
  const pbf = bars(svg, PAIR.second);
  assertEquals(farm.length, 2);
  assertEquals(pbf.length, 1);
  const x0 = farm[0].x;
  const perMu = farm[0].width / 48000;
  assertAlmostEquals(farm[1].width / perMu, 30000, 1e-6);
  assertAlmostEquals(pbf[0].width / perMu, 41000, 1e-6);
  // the ticks are inside their panel's <g>; bars too, so compare within the panel frame
  const root = parseSvg(svg);
  const barRect = root.querySelector(`g[aria-label="bar"][fill="${PAIR.first}"] rect`);
  const panelX0 = Number(barRect.getAttribute("x"));
  const t = ticks(svg).map((x) => (x - panelX0) / perMu);
  assertEquals(t.length, 3);
  assertAlmostEquals(t[0], 50000, 1e-6);
  assertAlmostEquals(t[1], 30000, 1e-6);
  assertAlmostEquals(t[2], 40000, 1e-6);
  assert(x0 > 0);
  // 平川县 farmland is short by 2,000 亩 (96.0 %); its PBF and 山阳县 (exactly on target) are not
  assertEquals(textsMatching(svg, /差 /).map((s) => s.text), ["耕地差 2,000 亩（完成 96.0%）"]);
  const gap = bars(svg, WARN, "stroke");
  assertEquals(gap.length, 1);
  assertAlmostEquals(gap[0].width / perMu, 2000, 1e-6);
  assert(svg.includes("耕地低于保有量目标的 1 个，永久基本农田低于保护目标的 0 个"));
});

Deno.test("targets: 99.96 % is not shown as 100 %; a missing kind reads 无数据", () => {
  const svg = targetsChart([{ county: "甲县", kind: "farmland", actualMu: 99960, targetMu: 100000 }]);
  assertEquals(textsMatching(svg, /差 /).map((s) => s.text), ["耕地差 40 亩（完成 99.9%）"]);
  assertEquals(textsMatching(svg, /^无数据$/).length, 1);
});

Deno.test("targets: invalid numbers never reach the SVG; bad kinds and duplicates throw", () => {
  const svg = targetsChart([
    { county: "甲县", kind: "farmland", actualMu: NaN, targetMu: 100 },
    { county: "甲县", kind: "pbf", actualMu: 80, targetMu: Infinity },
  ]);
  assert(!/NaN|Infinity/.test(svg));
  assert(svg.includes("注意：耕地现状面积不是有效数值（非有限数或负数），未画出 1 项：甲县。"));
  assert(svg.includes("注意：永久基本农田目标面积不是有效数值（非有限数或负数），未画出 1 项：甲县。"));
  assertEquals(textsMatching(svg, /^无效$/).length, 2);
  assertThrows(() => targetsChart([{ ...ROWS[0], kind: "forest" as "pbf" }]), Error, "forest");
  assertThrows(() => targetsChart([ROWS[0], ROWS[0]]), Error, "平川县·耕地");
});

Deno.test("targets: 100 counties, no overlapping labels, height grows with rows", () => {
  const make = (n: number): TargetRow[] => {
    const r = random(n + 3);
    return countyNames(n).flatMap((county) => {
      const t = Math.round(20000 + r() * 900000);
      return [
        { county, kind: "farmland" as const, actualMu: Math.round(t * (0.94 + r() * 0.1)), targetMu: t },
        {
          county,
          kind: "pbf" as const,
          actualMu: Math.round(t * 0.8 * (0.94 + r() * 0.1)),
          targetMu: Math.round(t * 0.8),
        },
      ];
    });
  };
  const h = [3, 9, 100].map((n) => {
    const svg = targetsChart(make(n));
    assertTextFits(svg);
    return svgSize(svg).height;
  });
  assert(h[0] < h[1] && h[1] < h[2], String(h));
});
