import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { crsFromEpsg, crsToEsriWkt, featuresOutsideCrs, gaussKrugerZone, parseCrs, transformer, WGS84 } from "../../src/io/crs.ts";

const S1_PRJ = Deno.readTextFileSync(new URL("../../../shared/samples/s1/DLTB.prj", import.meta.url));

Deno.test("ESRI .prj of zone 39 with prefix is EPSG:4527", () => {
  const crs = parseCrs(S1_PRJ)!;
  assertEquals(crs.epsg, 4527);
  assertEquals(crs.zone, 39);
  assertEquals(crs.zoneInEasting, true);
  assertEquals(crs.falseEasting, 39_500_000);
});

Deno.test("EPSG codes of both zone families and geographic", () => {
  assertEquals(crsFromEpsg(4513).zone, 25);
  assertEquals(crsFromEpsg(4533).falseEasting, 45_500_000);
  assertEquals(crsFromEpsg(4545).centralMeridian, 108); // 4534 is 75°E, +3° per code
  assertEquals(crsFromEpsg(4545).falseEasting, 500_000);
  assertEquals(parseCrs("urn:ogc:def:crs:EPSG::4490")!.kind, "geographic");
  assertEquals(parseCrs("urn:ogc:def:crs:OGC:1.3:CRS84"), WGS84);
  assertEquals(parseCrs(""), null);
  assertThrows(() => parseCrs("EPSG:2385"), Error, "2385");
});

Deno.test("WKT written for a zone reads back as the same zone", () => {
  for (const [zone, prefix] of [[38, true], [38, false], [45, true], [25, false]] as const) {
    const crs = gaussKrugerZone(zone, prefix);
    assertEquals(parseCrs(crsToEsriWkt(crs))!.epsg, crs.epsg);
  }
});

Deno.test("Xian 80 and Beijing 54 are refused, not guessed", () => {
  const x80 = S1_PRJ.replace("D_China_2000", "D_Xian_1980").replace("GCS_China_Geodetic_Coordinate_System_2000", "GCS_Xian_1980").replace('SPHEROID["CGCS2000"', 'SPHEROID["Xian_1980"').replace("CGCS2000_3_Degree", "Xian_1980_3_Degree");
  assertThrows(() => parseCrs(x80), Error, "西安80");
});

Deno.test("GK zone 38: the central meridian maps to the false easting; a known point round-trips", () => {
  const gk = crsFromEpsg(4526);
  const fwd = transformer(WGS84, gk), back = transformer(gk, WGS84);
  const [x, y] = fwd(114, 30);
  assertAlmostEquals(x, 38_500_000, 1e-6);
  // Meridian arc length to 30°N on GRS80 (from the series): 3,320,113.398 m.
  assertAlmostEquals(y, 3_320_113.398, 0.01);
  const [lon, lat] = back(...fwd(115.2, 31.7));
  assertAlmostEquals(lon, 115.2, 1e-9);
  assertAlmostEquals(lat, 31.7, 1e-9);
});

Deno.test("coordinates from another zone or without prefix are found", () => {
  const crs = crsFromEpsg(4526);
  const boxes = Float64Array.from([
    38_400_000, 3_300_000, 38_400_100, 3_300_100, // fine
    39_400_000, 3_300_000, 39_400_100, 3_300_100, // zone 39
    400_000, 3_300_000, 400_100, 3_300_100, // no zone prefix
    114.1, 30.1, 114.2, 30.2, // degrees
  ]);
  const bad = featuresOutsideCrs(boxes, 4, crs).map((b) => b.index);
  assertEquals(bad, [1, 2, 3]);
  assert(featuresOutsideCrs(boxes.slice(12), 1, WGS84).length === 0);
});
