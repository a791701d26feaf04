/** Weighted centres and drift on small cases with known answers. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { geodesicDirect, geodesicInverse } from "../../src/geom/geodesic.ts";
import {
  fromEcef,
  toEcef,
  weightedCentroidGeographic,
  weightedCentroidPlanar,
} from "../../src/trends/centroid.ts";
import { driftPath } from "../../src/trends/drift.ts";
import {
  capacityWeight,
  DEFAULT_YIELD_TABLE,
  parcelWeight,
  qualityWeight,
  yieldTableFrom,
} from "../../src/trends/weights.ts";
import { CGCS2000_GEOGRAPHIC, gaussKrugerZone, transformer } from "../../src/io/crs.ts";

Deno.test("two units: the weight moving from one to the other moves the centre by their geodesic distance and bearing", () => {
  const a = { lon: 114, lat: 30 };
  const b = geodesicDirect(a.lon, a.lat, 315, 100_000); // 100 km north-west
  const year = (wa: number, wb: number) =>
    weightedCentroidGeographic([{ ...a, w: wa }, { lon: b.lon, lat: b.lat, w: wb }]);
  const c1 = year(1, 0), c2 = year(0, 1);
  assertEquals(c1.skipped, 1, "a zero weight is skipped");
  const d = driftPath([{ label: "2019", order: 2019, lon: c1.lon, lat: c1.lat }, {
    label: "2024",
    order: 2024,
    lon: c2.lon,
    lat: c2.lat,
  }]);
  assertEquals(d.steps.length, 1);
  assertAlmostEquals(d.steps[0].distanceKm, 100, 1e-6);
  assertAlmostEquals(d.steps[0].bearingDeg, 315, 1e-6);
  assertEquals(d.steps[0].direction, "西北");
  assertAlmostEquals(d.pathKm, 100, 1e-6);
});

Deno.test("equal weights on two points symmetric about a meridian: centre on that meridian", () => {
  const c = weightedCentroidGeographic([{ lon: 113, lat: 30, w: 5 }, { lon: 115, lat: 30, w: 5 }]);
  assertAlmostEquals(c.lon, 114, 1e-12);
  assert(Math.abs(c.lat - 30) < 0.01, `lat ${c.lat}`);
  assertEquals(c.weight, 10);
  const [x, y, z] = toEcef(114, 30);
  const [lon, lat] = fromEcef(x, y, z);
  assertAlmostEquals(lon, 114, 1e-12);
  assertAlmostEquals(lat, 30, 1e-12);
});

Deno.test("parcels in a projected CRS: area weights 1:1 → 3:1 move the centre 2500 m east", () => {
  const crs = gaussKrugerZone(38, false); // central meridian 114°E
  const y = 3_320_000;
  const p = (w1: number, w2: number) =>
    weightedCentroidPlanar([{ x: 495_000, y, w: w1 }, { x: 505_000, y, w: w2 }]);
  const c1 = p(1, 1), c2 = p(1, 3);
  assertEquals([c1.x, c2.x], [500_000, 502_500]);
  const geo = transformer(crs, CGCS2000_GEOGRAPHIC);
  const [lon1, lat1] = geo(c1.x, c1.y), [lon2, lat2] = geo(c2.x, c2.y);
  const d = driftPath([{ label: "a", lon: lon1, lat: lat1 }, { label: "b", lon: lon2, lat: lat2 }]);
  assertAlmostEquals(d.steps[0].distanceKm * 1000, 2500, 0.5, "GK scale is 1 on the central meridian");
  assertAlmostEquals(d.steps[0].bearingDeg, 90, 0.05, "east, up to meridian convergence");
  assertEquals(d.steps[0].direction, "东");
});

Deno.test("quality weight 16 − grade and capacity weight by standard yield", () => {
  assertEquals(qualityWeight(1000, 1), 15000);
  assertEquals(qualityWeight(1000, 15), 1000);
  assert(Number.isNaN(qualityWeight(1000, 0)) && Number.isNaN(qualityWeight(1000, 16)));
  // grade 1 at x = 0, grade 15 at x = 16 km, equal area: quality centre at 16 km × 1/16 = 1 km
  const q = weightedCentroidPlanar([
    { x: 0, y: 0, w: parcelWeight("quality", 1000, 1) },
    { x: 16_000, y: 0, w: parcelWeight("quality", 1000, 15) },
  ]);
  assertAlmostEquals(q.x, 1000, 1e-9);
  assertAlmostEquals(capacityWeight(1000, 3), 1.5 * 900, 1e-9, "1000 m² = 1.5 亩 at 900 kg/亩");
  assert(DEFAULT_YIELD_TABLE.isDefault && DEFAULT_YIELD_TABLE.note.includes("默认"));
  const custom = yieldTableFrom({
    standardYield: {
      byGrade: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [String(i + 1), 100])),
    },
  }, "x.json");
  assertEquals(capacityWeight(10000 / 15, 7, custom), 100);
  assertThrows(() => yieldTableFrom({ byGrade: { "1": 10 } }, "bad.json"), Error, "第 2 等");
});

Deno.test("drift over any years: sorted by year, cumulative path, net shift, skipped years", () => {
  const p0 = { lon: 110, lat: 35 };
  const p1 = geodesicDirect(p0.lon, p0.lat, 0, 10_000);
  const p2 = geodesicDirect(p1.lon, p1.lat, 90, 10_000);
  const d = driftPath([
    { label: "2024", order: 2024, lon: p2.lon, lat: p2.lat },
    { label: "2019", order: 2019, lon: p0.lon, lat: p0.lat },
    { label: "2021", order: 2021, lon: p1.lon, lat: p1.lat },
    { label: "2022", order: 2022, lon: NaN, lat: NaN },
  ]);
  assertEquals(d.steps.map((s) => `${s.from}→${s.to}`), ["2019→2021", "2021→2024"]);
  assertEquals(d.skipped, ["2022"]);
  assertAlmostEquals(d.steps[1].cumulativeKm, 20, 1e-6);
  const net = geodesicInverse(p0.lon, p0.lat, p2.lon, p2.lat);
  assertAlmostEquals(d.net!.distanceKm, net.distanceM / 1000, 1e-9);
  assertEquals(d.net!.direction, "东北");
});
