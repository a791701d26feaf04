/** Coverage-level chart: snapshot, segment lengths, the 未覆盖 note, the guard, 100 counties. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { coverageLevelsChart, type CoverageRow } from "../../src/charts/coverage_levels.ts";
import { COVERAGE_COLORS, WARN_HATCH } from "../../src/chartkit/palette.ts";
import { assertSnapshot, assertTextFits, bars, countyNames, random, svgSize, textsMatching } from "./_svg.ts";

const ROWS: CoverageRow[] = [
  { county: "平川县", level: "county", mu: 600 },
  { county: "平川县", level: "city", mu: 200 },
  { county: "平川县", level: "uncovered", mu: 200 },
  { county: "山阳县", level: "county", mu: 300 },
  { county: "山阳县", level: "province", mu: 100 },
  { county: "高岩县", level: "city", mu: 500 },
];

Deno.test("coverage levels chart matches its snapshot", async () => {
  await assertSnapshot(coverageLevelsChart(ROWS, { source: "示例数据" }), "coverage_levels");
});

Deno.test("coverage levels: segments proportional, stacked 本县→市域→省域→未覆盖, uncovered hatched", () => {
  const svg = coverageLevelsChart(ROWS);
  const county = bars(svg, COVERAGE_COLORS.county);
  const city = bars(svg, COVERAGE_COLORS.city);
  const hatch = bars(svg, WARN_HATCH);
  assertEquals(county.length, 2);
  assertEquals(hatch.length, 1);
  assertAlmostEquals(county[0].width / county[1].width, 600 / 300, 1e-9);
  assertAlmostEquals(hatch[0].width / county[0].width, 200 / 600, 1e-9);
  // on 平川县's row: 本县 starts at the axis, 市域 follows it, 未覆盖 comes last
  assert(Math.abs(city[0].x - (county[0].x + county[0].width)) < 1e-6, "市域 follows 本县");
  assert(hatch[0].x > city[0].x, "未覆盖 is last");
  assert(svg.includes(`id="fb-warn-hatch"`), "the hatch is defined in the SVG");
  for (const s of ["本县", "市域", "省域", "未覆盖", "面积（亩）", "1,000", "数据来源："]) {
    assert(svg.includes(s), s);
  }
});

Deno.test("coverage levels: the uncovered note names the area and share of the county's out-flow", () => {
  const svg = coverageLevelsChart(ROWS);
  assertEquals(textsMatching(svg, /^未覆盖 \d/).map((t) => t.text), ["未覆盖 200 亩（20%）"]);
  assert(svg.includes("3 个县中 1 个县的转出未被完全覆盖，未覆盖合计 200 亩"));
});

Deno.test("coverage levels: invalid numbers never reach the SVG; bad level and duplicates throw", () => {
  const svg = coverageLevelsChart([
    { county: "甲县", level: "county", mu: NaN },
    { county: "甲县", level: "city", mu: 50 },
    { county: "乙县", level: "uncovered", mu: -Infinity },
  ]);
  assert(!/NaN|Infinity/.test(svg));
  assert(svg.includes("注意：本县覆盖面积不是有效数值（非有限数或负数），未画出 1 项：甲县。"));
  assert(svg.includes("50（另有无效值）"));
  assertThrows(
    () => coverageLevelsChart([{ county: "甲县", level: "town" as "county", mu: 1 }]),
    Error,
    "town",
  );
  assertThrows(
    () =>
      coverageLevelsChart([{ county: "甲县", level: "city", mu: 1 }, {
        county: "甲县",
        level: "city",
        mu: 2,
      }]),
    Error,
    "甲县·市域",
  );
});

Deno.test("coverage levels: 100 counties, no overlapping labels, height grows with rows", () => {
  const levels = ["county", "city", "province", "uncovered"] as const;
  const make = (n: number): CoverageRow[] => {
    const r = random(n + 1);
    return countyNames(n).flatMap((county) =>
      levels.map((level) => ({
        county,
        level,
        mu: level === "uncovered" && r() < 0.5 ? 0 : Math.round(r() * 9000),
      }))
    );
  };
  const h = [3, 9, 100].map((n) => {
    const svg = coverageLevelsChart(make(n));
    assertTextFits(svg);
    return svgSize(svg).height;
  });
  assert(h[0] < h[1] && h[1] < h[2], String(h));
  assert(h[2] - h[1] >= 91 * 18, "each county adds its row");
});
