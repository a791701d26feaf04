/** 进出平衡 chart: snapshot, bar lengths, the 缺口 label, the guard, and 100 counties. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { outflowBalanceChart } from "../../src/charts/outflow_balance.ts";
import { PAIR, WARN } from "../../src/chartkit/palette.ts";
import { assertSnapshot, assertTextFits, bars, countyNames, random, svgSize, textsMatching } from "./_svg.ts";

const ROWS = [
  { county: "平川县", outMu: 12000, inMu: 9500 },
  { county: "山阳县", outMu: 3000, inMu: 3400 },
  { county: "高岩县", outMu: 6000, inMu: 6000 },
];

Deno.test("outflow balance chart matches its snapshot", async () => {
  await assertSnapshot(outflowBalanceChart(ROWS, { source: "示例数据" }), "outflow_balance");
});

Deno.test("outflow balance: bar lengths are proportional to 亩, in the caller's order", () => {
  const svg = outflowBalanceChart(ROWS);
  const out = bars(svg, PAIR.first);
  const inn = bars(svg, PAIR.second);
  assertEquals(out.length, 3);
  assertEquals(inn.length, 3);
  assertAlmostEquals(out[0].width / out[1].width, 12000 / 3000, 1e-9);
  assertAlmostEquals(inn[0].width / out[0].width, 9500 / 12000, 1e-9);
  assertAlmostEquals(inn[2].width, out[2].width, 1e-9);
  assert(out[0].y < out[1].y && out[1].y < out[2].y, "rows keep the given order");
  assert(inn[0].y > out[0].y, "转入 sits under 转出 in its band");
  for (const s of ["面积（亩）", "转出", "转入（恢复）", "数据来源：", "平川县", "12,000", "9,500"]) {
    assert(svg.includes(s), s);
  }
});

Deno.test("outflow balance: only a real shortfall is marked, with the right number", () => {
  const svg = outflowBalanceChart(ROWS);
  const gaps = textsMatching(svg, /^缺口 /);
  assertEquals(gaps.map((t) => t.text), ["缺口 2,500 亩"]);
  // the label sits on 平川县's row, and the dashed box spans 9,500 → 12,000
  const row = textsMatching(svg, /^平川县$/)[0];
  assert(Math.abs((gaps[0].y0 + gaps[0].y1) / 2 - (row.y0 + row.y1) / 2) < 2, "label on the county's row");
  const box = bars(svg, WARN, "stroke");
  assertEquals(box.length, 1);
  const out = bars(svg, PAIR.first)[0];
  assertAlmostEquals(box[0].width / out.width, 2500 / 12000, 1e-9);
  assert(svg.includes("3 个县中 1 个县转入少于转出，缺口合计 2,500 亩"));
  // a gap that rounds to nothing at the shown precision is not a 缺口
  const tiny = outflowBalanceChart([{ county: "甲县", outMu: 100.04, inMu: 100 }]);
  assertEquals(textsMatching(tiny, /^缺口 /).length, 0);
});

Deno.test("outflow balance: 万亩 when values are large", () => {
  const svg = outflowBalanceChart([{ county: "甲县", outMu: 250_000, inMu: 180_000 }]);
  assert(svg.includes("面积（万亩）"));
  assertEquals(textsMatching(svg, /^缺口 /).map((t) => t.text), ["缺口 7.00 万亩"]);
});

Deno.test("outflow balance: invalid numbers never reach the SVG and are named; duplicates throw", () => {
  const svg = outflowBalanceChart([
    { county: "甲县", outMu: NaN, inMu: 10 },
    { county: "乙县", outMu: 20, inMu: Infinity },
    { county: "丙县", outMu: 30, inMu: -1 },
    { county: "丁县", outMu: 40, inMu: 30 },
  ]);
  assert(!/NaN|Infinity/.test(svg), "no NaN in the SVG");
  assert(svg.includes("注意：转出面积不是有效数值（非有限数或负数），未画出 1 项：甲县。"));
  assert(svg.includes("注意：转入面积不是有效数值（非有限数或负数），未画出 2 项：乙县、丙县。"));
  assertEquals(textsMatching(svg, /^无效$/).length, 3);
  assertEquals(textsMatching(svg, /^缺口 /).map((t) => t.text), ["缺口 10 亩"]);
  assertThrows(
    () =>
      outflowBalanceChart([{ county: "鼓楼区", outMu: 1, inMu: 1 }, { county: "鼓楼区", outMu: 2, inMu: 2 }]),
    Error,
    "鼓楼区",
  );
  assert(!outflowBalanceChart([]).includes("NaN"));
});

Deno.test("outflow balance: 100 counties, no overlapping labels, height grows with rows", () => {
  const make = (n: number) => {
    const r = random(n);
    return countyNames(n).map((county) => ({
      county,
      outMu: Math.round(r() * 300000) / 10,
      inMu: Math.round(r() * 300000) / 10,
    }));
  };
  const h = [3, 9, 100].map((n) => {
    const svg = outflowBalanceChart(make(n));
    assert(assertTextFits(svg) > n, "labels checked");
    return svgSize(svg).height;
  });
  assert(h[0] < h[1] && h[1] < h[2], String(h));
  assert(h[2] - h[1] >= 91 * 30, "each county adds its band");
});
