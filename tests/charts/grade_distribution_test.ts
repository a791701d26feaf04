/** Grade distribution chart: snapshot, bar heights per grade, 未评定 last, guard, many rows. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { gradeDistributionChart, type GradeDistributionRow } from "../../src/charts/grade_distribution.ts";
import { PAIR, TRIPLE } from "../../src/chartkit/palette.ts";
import { assertSnapshot, assertTextFits, bars, random, readSvg, svgSize, textsMatching } from "./_svg.ts";

const ROWS: GradeDistributionRow[] = [
  { series: "转出", grade: 5, mu: 300 },
  { series: "转入", grade: 7, mu: 450 },
  { series: "转入", grade: null, mu: 60 },
];

Deno.test("grade distribution chart matches its snapshot", async () => {
  await assertSnapshot(gradeDistributionChart(ROWS, { source: "示例数据" }), "grade_distribution");
});

Deno.test("grade distribution: heights proportional, each bar over its grade, 未评定 after 15", () => {
  const svg = gradeDistributionChart(ROWS);
  const out = bars(svg, PAIR.first);
  const inn = bars(svg, PAIR.second);
  assertEquals(out.length, 1);
  assertEquals(inn.length, 2);
  assertAlmostEquals(inn[0].height / out[0].height, 450 / 300, 1e-9);
  assertAlmostEquals(inn[1].height / out[0].height, 60 / 300, 1e-9);
  // the tick labels 1…15 and 未评定, in order, and each bar centred near its own label
  const labels = readSvg(svg).texts.filter((t) =>
    /^(\d{1,2}|未评定)$/.test(t.text) && t.size === 11 && t.y0 > out[0].y + out[0].height
  );
  assertEquals(labels.map((t) => t.text), [...Array.from({ length: 15 }, (_, i) => String(i + 1)), "未评定"]);
  const centre = (t: { x0: number; x1: number }) => (t.x0 + t.x1) / 2;
  const step = centre(labels[1]) - centre(labels[0]);
  const near = (b: { x: number; width: number }, label: string) =>
    Math.abs(b.x + b.width / 2 - centre(labels.find((t) => t.text === label)!)) < step / 2;
  assert(near(out[0], "5"), "转出 over grade 5");
  assert(near(inn[0], "7"), "转入 over grade 7");
  assert(near(inn[1], "未评定"), "ungraded over 未评定");
  const five = labels.find((t) => t.text === "5")!;
  assert(out[0].x + out[0].width <= centre(five) + 1, "the first series takes the left half of its grade");
  for (
    const s of [
      "面积（亩）",
      "1 等最好，15 等最差",
      "转出合计 300 亩，面积加权平均等别 5.00 等",
      "转入合计 510 亩，面积加权平均等别 7.00 等（未评定 60 亩 不计入平均）",
    ]
  ) {
    assert(svg.includes(s), s);
  }
});

Deno.test("grade distribution: invalid numbers never reach the SVG; bad grades count as 未评定", () => {
  const svg = gradeDistributionChart([
    { series: "转出", grade: 3, mu: NaN },
    { series: "转出", grade: 4, mu: 100 },
    { series: "转出", grade: 16, mu: 40 },
    { series: "转出", grade: 2.5, mu: 10 },
  ]);
  assert(!/NaN|Infinity/.test(svg));
  assert(svg.includes("注意：转出面积不是有效数值（非有限数或负数），未画出 1 项：转出3 等。"));
  assert(
    svg.includes(
      "注意：转出等别不是有效数值（应为 1–15 的整数），按未评定计 2 项：转出（16）、转出（2.5）。",
    ),
  );
  const ungraded = bars(svg, PAIR.first).sort((a, b) => b.x - a.x)[0];
  const four = bars(svg, PAIR.first).sort((a, b) => a.x - b.x)[0];
  assertAlmostEquals(ungraded.height / four.height, 50 / 100, 1e-9);
  assertThrows(() => gradeDistributionChart([ROWS[0], ROWS[0]]), Error, "转出·5 等");
  assertThrows(
    () => gradeDistributionChart(["甲", "乙", "丙", "丁"].map((series) => ({ series, grade: 1, mu: 1 }))),
    Error,
    "最多画 3 个系列",
  );
});

Deno.test("grade distribution: three series and rows from 100 counties, labels apart, fixed height", () => {
  const r = random(7);
  const rows: GradeDistributionRow[] = [];
  for (const series of ["转出", "转入", "补充"]) {
    for (let g = 1; g <= 16; g++) {
      rows.push({ series, grade: g === 16 ? null : g, mu: Math.round(r() * 100 * 1e5) / 10 });
    }
  }
  const svg = gradeDistributionChart(rows);
  assert(svg.includes("面积（万亩）"));
  assertEquals(bars(svg, TRIPLE[1]).length, 16);
  assertTextFits(svg);
  // the categories are fixed (1–15 and 未评定): only the caption may add a line or two
  assert(Math.abs(svgSize(svg).height - svgSize(gradeDistributionChart(ROWS)).height) < 40);
  assertEquals(textsMatching(svg, /^未评定$/).length, 1);
});
