/** The centre-of-gravity map: true aspect, north up, points where their coordinates say, scale bar, steps. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { bearingLabel, centreMapChart } from "../../src/charts/centre_map.ts";
import { geoGroups, matchSnapshot, pathBox, pathRings, texts } from "./_geo_svg.ts";

const E = 38_500_000, N = 3_400_000; // a Gauss–Krüger easting with its zone number, a northing
const rect = (x: number, y: number, w: number, h: number) => [[
  [E + x, N + y],
  [E + x + w, N + y],
  [E + x + w, N + y + h],
  [E + x, N + y + h],
  [E + x, N + y],
]];
const COUNTY = { code: "900101", name: "平川县", rings: rect(0, 0, 10_000, 5_000) };
const CENTRES = [
  { series: "面积加权", label: "2019", x: E + 6000, y: N + 2000 },
  { series: "面积加权", label: "2020", x: E + 6030, y: N + 2040 },
  { series: "质量加权", label: "2019", x: E + 5600, y: N + 2300 },
  { series: "质量加权", label: "2020", x: E + 5580, y: N + 2300 },
];
const STEPS = [
  { series: "面积加权", from: "2019", to: "2020", distanceM: 50, bearingDeg: 36.87 },
  { series: "质量加权", from: "2019", to: "2020", distanceM: 20, bearingDeg: 270 },
];

Deno.test("centre map matches its snapshot", async () => {
  const svg = centreMapChart(
    [COUNTY, { code: "900102", name: "山阳县", rings: rect(10_000, 0, 6_000, 5_000) }],
    CENTRES,
    STEPS,
    { title: "平川县、山阳县耕地重心（2019—2020 年）", caption: "来源：测试", crs: "EPSG:4526" },
  );
  await matchSnapshot(svg, "centre_map.svg");
});

Deno.test("centre map: a 10 km × 5 km county is drawn twice as wide as tall (one scale for x and y)", () => {
  const [counties] = geoGroups(centreMapChart([COUNTY], CENTRES, STEPS));
  assertEquals(counties.length, 1);
  const b = pathBox(counties[0]);
  assertAlmostEquals((b.x1 - b.x0) / (b.y1 - b.y0), 2, 0.01);
  // a tall one (5 km × 10 km) stays tall: the height cap shrinks the width, not the ratio
  const [tall] = geoGroups(centreMapChart([{ ...COUNTY, rings: rect(0, 0, 5_000, 10_000) }], [], []));
  const t = pathBox(tall[0]);
  assertAlmostEquals((t.x1 - t.x0) / (t.y1 - t.y0), 0.5, 0.01);
});

Deno.test("centre map: polygons and centres are where their coordinates say, north up", () => {
  // a triangle with its apex at the top (north) of the box, and a county to its east
  const tri = {
    code: "900103",
    name: "三角县",
    rings: [[[E, N], [E + 10_000, N], [E + 5_000, N + 5_000], [E, N]]],
  };
  const east = { code: "900102", name: "山阳县", rings: rect(10_000, 0, 6_000, 5_000) };
  const svg = centreMapChart([tri, east], CENTRES.slice(0, 1), []);
  const [paths] = geoGroups(svg);
  const [ring] = pathRings(paths[0]);
  const b = pathBox(paths[0]);
  const k = (b.x1 - b.x0) / 10_000; // px per metre
  const apex = ring.find((p) => Math.abs(p[0] - (b.x0 + 5_000 * k)) < 0.1)!;
  assert(apex, "the apex is half way across");
  assertAlmostEquals(apex[1], b.y0, 0.1, "the northernmost vertex is at the top");
  const e = pathBox(paths[1]);
  assertAlmostEquals(e.x0, b.x1, 0.1, "the east county starts where the triangle ends");
  assertAlmostEquals((e.x1 - e.x0) / k, 6_000, 2, "and is 6 km wide at the same scale");
  assertAlmostEquals((e.y1 - e.y0) / k, 5_000, 2);
  // the first centre's symbol: 6 km east, 2 km north of the south-west corner
  const m = svg.match(/<path fill="#0072B2"[^>]*transform="translate\(([\d.]+),([\d.]+)\)"/);
  assert(m, "the centre symbol");
  assertAlmostEquals(Number(m![1]), b.x0 + 6_000 * k, 0.05);
  assertAlmostEquals(Number(m![2]), b.y1 - 2_000 * k, 0.05);
});

Deno.test("centre map: the scale bar is a round length drawn at the map's scale", () => {
  const svg = centreMapChart([COUNTY], CENTRES, STEPS);
  const b = pathBox(geoGroups(svg)[0][0]);
  const k = (b.x1 - b.x0) / 10_000;
  // the map is 10.4 km wide with its margin, a quarter is 2.6 km: the bar is 2 km
  assert(texts(svg).includes("2 千米"), texts(svg).join(" "));
  const link = svg.match(/aria-label="link"[^>]*>(.*?)<\/g>/s)![1];
  // the bar is the longest link (the ticks are vertical): M x0,y L x1,y
  const bar = [...link.matchAll(/d="M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)"/g)]
    .map((m) => Number(m[3]) - Number(m[1]))
    .sort((a, b) => b - a)[0];
  assertAlmostEquals(bar, 2_000 * k, 0.05);
  assert(texts(svg).includes("北"), "north arrow");
});

Deno.test("centre map: the zoom panels list each step's distance and bearing, at one scale, in 米", () => {
  const svg = centreMapChart([COUNTY], CENTRES, STEPS, { title: "重心" });
  const words = texts(svg).join("\n");
  for (const s of ["2019→2020：50.0 米，东北 37°", "2019→2020：20.0 米，西 270°", "面积加权", "质量加权"]) {
    assert(words.includes(s), s);
  }
  assert(svg.includes("向东偏移（米）") && svg.includes("向北偏移（米）"));
  assert(svg.includes("加权方式"), "legend");
  assert(!svg.includes("NaN"));
  // both panels share the scale: equal domains' widths → equal tick spacing is not asserted here,
  // but each panel is square in metres (aspectRatio 1) and carries its series' name
  assertEquals([...svg.matchAll(/aria-label="frame"/g)].length, 2);
});

Deno.test("centre map: bearings in words, bad steps and text from data", () => {
  assertEquals(bearingLabel(0), "北 0°");
  assertEquals(bearingLabel(44), "东北 44°");
  assertEquals(bearingLabel(-90), "西 270°");
  assertEquals(bearingLabel(359), "北 359°");
  assertThrows(
    () =>
      centreMapChart([COUNTY], CENTRES, [{
        series: "面积加权",
        from: "2019",
        to: "2031",
        distanceM: 1,
        bearingDeg: 0,
      }]),
    Error,
    "2031",
  );
  const svg = centreMapChart(
    [{ ...COUNTY, name: "<b>县&</b>" }],
    [{ ...CENTRES[0], series: "<i>加权</i>" }],
    [],
    {
      title: "<script>",
      subtitle: "a&b",
    },
  );
  assert(!svg.includes("<b>") && !svg.includes("<i>") && !svg.includes("<script>"));
  assert(
    svg.includes("&lt;b&gt;县&amp;&lt;/b&gt;") && svg.includes("&lt;script&gt;") && svg.includes("a&amp;b"),
  );
});

Deno.test("centre map: each panel's arrowhead has its own id (no id shared between panels)", () => {
  const svg = centreMapChart([COUNTY], CENTRES, STEPS);
  const ids = [...svg.matchAll(/<marker id="([^"]+)"/g)].map((m) => m[1]);
  assertEquals(ids.length, 2);
  assertEquals(new Set(ids).size, 2);
  for (const id of ids) assert(svg.includes(`marker-end="url(#${id})"`), id);
  assert(!svg.includes('id="plot-marker-1"'));
});
