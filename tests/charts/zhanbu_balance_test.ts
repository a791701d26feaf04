/** 占补平衡 chart: snapshot, bars and grade dots where they belong, labels, guard, 100 counties. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { zhanbuBalanceChart, type ZhanbuBalanceRow } from "../../src/charts/zhanbu_balance.ts";
import { PAIR } from "../../src/chartkit/palette.ts";
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

const ROWS: ZhanbuBalanceRow[] = [
  { county: "平川县", occupiedMu: 800, supplementedMu: 650, occupiedGrade: 5.2, supplementedGrade: 7.9 },
  { county: "山阳县", occupiedMu: 400, supplementedMu: 420, occupiedGrade: 8, supplementedGrade: 6.5 },
  { county: "高岩县", occupiedMu: 200, supplementedMu: 200, occupiedGrade: 9.4, supplementedGrade: null },
];

Deno.test("zhanbu balance chart matches its snapshot", async () => {
  await assertSnapshot(zhanbuBalanceChart(ROWS, { source: "示例数据" }), "zhanbu_balance");
});

Deno.test("zhanbu balance: bar lengths, 缺口 and 降 x 等 labels, grade axis says lower is better", () => {
  const svg = zhanbuBalanceChart(ROWS);
  const occ = bars(svg, PAIR.first);
  const sup = bars(svg, PAIR.second);
  assertAlmostEquals(occ[0].width / occ[1].width, 2, 1e-9);
  assertAlmostEquals(sup[0].width / occ[0].width, 650 / 800, 1e-9);
  assertEquals(textsMatching(svg, /^缺口 /).map((t) => t.text), ["缺口 150 亩"]);
  assertEquals(textsMatching(svg, /^降 /).map((t) => t.text), ["降 2.7 等"]);
  assertEquals(textsMatching(svg, /未评定$/).map((t) => t.text), ["补充：未评定"]);
  assert(svg.includes("平均等别（等，越小越好）"));
  assert(svg.includes("1 个县有未评定的一方，不作质量比较"));
});

Deno.test("zhanbu balance: grade dots sit at their grade on a 1–15 axis", () => {
  const root = parseSvg(zhanbuBalanceChart(ROWS));
  const dots = [...root.querySelectorAll('g[aria-label="dot"]')];
  const cx = (g: { querySelectorAll(s: string): Iterable<{ getAttribute(a: string): string }> }) =>
    [...g.querySelectorAll("circle")].map((c) => Number(c.getAttribute("cx")));
  const occ = cx(dots.find((g) => g.getAttribute("fill") === PAIR.first));
  const sup = cx(dots.find((g) => g.getAttribute("fill") === PAIR.second));
  assertEquals(occ.length, 3);
  assertEquals(sup.length, 2, "an ungraded supplement has no dot");
  // linear in the grade: (x(7.9) − x(5.2)) / (x(8) − x(5.2)) = 2.7 / 2.8
  assertAlmostEquals((sup[0] - occ[0]) / (occ[1] - occ[0]), 2.7 / 2.8, 1e-9);
  assert(sup[1] < occ[1], "a better (lower) supplement grade is to the left");
});

Deno.test("zhanbu balance: invalid numbers never reach the SVG; the quality panel is optional", () => {
  const svg = zhanbuBalanceChart([
    { county: "甲县", occupiedMu: NaN, supplementedMu: 10, occupiedGrade: 16, supplementedGrade: NaN },
    { county: "乙县", occupiedMu: 10, supplementedMu: 5, occupiedGrade: 3, supplementedGrade: 4 },
  ]);
  assert(!/NaN|Infinity/.test(svg));
  assert(svg.includes("注意：占用面积不是有效数值（非有限数或负数），未画出 1 项：甲县。"));
  assert(
    svg.includes(
      "注意：占用耕地平均等别不是有效数值（非有限数或不在 1–15 等之间），按未评定显示 1 项：甲县。",
    ),
  );
  const areaOnly = zhanbuBalanceChart(ROWS, { quality: false });
  assert(!areaOnly.includes("平均等别（等"));
  assert(svgSize(areaOnly).width < svgSize(zhanbuBalanceChart(ROWS)).width);
  assertThrows(() => zhanbuBalanceChart([ROWS[0], ROWS[0]]), Error, "平川县");
});

Deno.test("zhanbu balance: 100 counties, no overlapping labels, height grows with rows", () => {
  const make = (n: number): ZhanbuBalanceRow[] => {
    const r = random(n + 2);
    return countyNames(n).map((county) => ({
      county,
      occupiedMu: Math.round(r() * 90000) / 10,
      supplementedMu: Math.round(r() * 90000) / 10,
      occupiedGrade: 1 + Math.round(r() * 140) / 10,
      supplementedGrade: r() < 0.1 ? null : 1 + Math.round(r() * 140) / 10,
    }));
  };
  const h = [3, 9, 100].map((n) => {
    const svg = zhanbuBalanceChart(make(n));
    assertTextFits(svg);
    return svgSize(svg).height;
  });
  assert(h[0] < h[1] && h[1] < h[2], String(h));
});
