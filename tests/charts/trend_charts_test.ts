/** Charts of the trends outputs: positions and labels that a wrong computation would move. */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { centrePathChart, placeCentres } from "../../src/charts/centre_path.ts";
import { abandonmentRatesChart } from "../../src/charts/abandonment_rates.ts";
import { provinceFarmlandChart } from "../../src/charts/province_farmland.ts";
import { geodesicDirect } from "../../src/geom/geodesic.ts";

Deno.test("centre path: offsets east/north come from the geodesic, per series, in 米 or 千米", () => {
  // series A moves 30 m due east then 40 m due north; series B starts 500 m away and moves 50 m
  // north-east. Each series has its own origin.
  const a0 = { lon: 114, lat: 31 };
  const a1 = geodesicDirect(a0.lon, a0.lat, 90, 30);
  const a2 = geodesicDirect(a1.lon, a1.lat, 0, 40);
  const b0 = geodesicDirect(a0.lon, a0.lat, 270, 500);
  const b1 = geodesicDirect(b0.lon, b0.lat, 45, 50);
  const { unit, placed } = placeCentres([
    { series: "A", label: "2019", ...a0 },
    { series: "A", label: "2020", lon: a1.lon, lat: a1.lat },
    { series: "A", label: "2021", lon: a2.lon, lat: a2.lat },
    { series: "B", label: "2019", lon: b0.lon, lat: b0.lat },
    { series: "B", label: "2020", lon: b1.lon, lat: b1.lat },
  ]);
  assertEquals(unit, "米");
  assertAlmostEquals(placed[0].east, 0, 1e-9);
  assertAlmostEquals(placed[1].east, 30, 1e-4);
  assertAlmostEquals(placed[1].north, 0, 1e-4);
  assertAlmostEquals(placed[2].east, 30, 1e-3);
  assertAlmostEquals(placed[2].north, 40, 1e-3);
  assertAlmostEquals(placed[3].east, 0, 1e-9, "series B starts at its own origin");
  assertAlmostEquals(placed[4].east, 50 * Math.SQRT1_2, 1e-4);
  assertAlmostEquals(placed[4].north, 50 * Math.SQRT1_2, 1e-4);

  const far = geodesicDirect(114, 31, 180, 168_500);
  const km = placeCentres([{ series: "A", label: "二调", lon: 114, lat: 31 }, {
    series: "A",
    label: "三调",
    lon: far.lon,
    lat: far.lat,
  }]);
  assertEquals(km.unit, "千米");
  assertAlmostEquals(km.placed[1].north, -168.5, 1e-6);
  assertAlmostEquals(km.placed[1].east, 0, 1e-6);

  const svg = centrePathChart([{ series: "面积加权", label: "2019", ...a0 }, {
    series: "面积加权",
    label: "2021",
    lon: a2.lon,
    lat: a2.lat,
  }], { title: "重心" });
  for (const s of ["向东偏移（米）", "向北偏移（米）", "2019", "2021", "重心"]) assert(svg.includes(s), s);
});

Deno.test("abandonment chart: one bar per county, the line, and labels only strictly above it", () => {
  const svg = abandonmentRatesChart([
    { name: "平川县", regionLabel: "粮食主产区", ratePct: 1.5 },
    { name: "恰好县", regionLabel: "生态脆弱区", ratePct: 20 },
    { name: "高岩县", regionLabel: "生态脆弱区", ratePct: 29.98 },
  ]);
  const bars = [...svg.matchAll(/<rect[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1])).filter((h) => h > 0);
  assertEquals(bars.length, 3);
  const sorted = [...bars].sort((a, b) => a - b);
  assertAlmostEquals(sorted[2] / sorted[1], 29.98 / 20, 1e-3);
  assert(svg.includes("29.98%"), "the county above the line is labelled");
  assert(!svg.includes("20.00%"), "exactly 20 % is not above the line");
  for (const s of ["撂荒率（%）", "粮食主产区", "生态脆弱区", "警戒线 20%"]) assert(svg.includes(s), s);
});

Deno.test("province chart: largest first, values shown, missing provinces named in the caption", () => {
  const svg = provinceFarmlandChart(
    [
      { name: "甲省", regionLabel: "粮食主产区", wanMu: 100 },
      { name: "乙省", regionLabel: "生态脆弱区", wanMu: 300 },
    ],
    { missing: ["丙省"], source: "公报" },
  );
  assert(svg.indexOf(">乙省<") < svg.indexOf(">甲省<"), "sorted by area, largest first");
  const widths = [...svg.matchAll(/<rect[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1])).filter((w) => w > 0 && w < 700);
  const bars = widths.slice(-2).sort((a, b) => a - b);
  assertAlmostEquals(bars[1] / bars[0], 3, 1e-3);
  for (const s of ["耕地面积（万亩）", "未画出的省份（1 个）：丙省", "来源：公报", "300"]) assert(svg.includes(s), s);
});

Deno.test("marker ids: the same chart drawn twice gives the same SVG; two different charts share no id", async () => {
  const { centrePathChart } = await import("../../src/charts/centre_path.ts");
  const a = (lon: number) =>
    centrePathChart([
      { series: "面积加权", label: "2019", lon: 114, lat: 31 },
      { series: "面积加权", label: "2020", lon, lat: 31.001 },
      { series: "面积加权", label: "2021", lon: 114.002, lat: 31.0005 },
    ]);
  assertEquals(a(114.001), a(114.001));
  const ids = (svg: string) => new Set([...svg.matchAll(/id="(plot-marker-[^"]+)"/g)].map((m) => m[1]));
  const one = ids(a(114.001)), two = ids(a(114.0015));
  assert(one.size > 0);
  for (const id of one) assert(!two.has(id), `${id} in both charts`);
});
