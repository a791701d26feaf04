/**
 * Geodesics against published reference values:
 * - the worked example of the Geocentric Datum of Australia Technical Manual (ICSM, GRS80):
 *   Flinders Peak → Buninyong, 54972.271 m, azimuth 306°52′05.37″, reverse azimuth 127°10′25.07″
 *   (http://www.icsm.gov.au/gda/gdatm/gdav2.3.pdf; the same values are in ObsPy's test suite);
 * - two lines of C. F. F. Karney's GeographicLib test set (WGS84), as quoted in the GeodesicTest
 *   of github.com/albertoirurueta/irurueta-navigation (src/test/java/com/irurueta/navigation/
 *   geodesic/GeodesicTest.java, TESTCASES).
 */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import {
  directionName,
  geodesicDirect,
  geodesicInverse,
  GRS80,
  toDms,
  WGS84_ELLIPSOID,
} from "../../src/geom/geodesic.ts";

const dms = (d: number, m: number, s: number) => Math.sign(d || 1) * (Math.abs(d) + m / 60 + s / 3600);
const ARCSEC = 1 / 3600;

const FLINDERS = { lat: -dms(37, 57, 3.7203), lon: dms(144, 25, 29.5244) };
const BUNINYONG = { lat: -dms(37, 39, 10.1561), lon: dms(143, 55, 35.3839) };

Deno.test("GDA manual example (GRS80): Flinders Peak → Buninyong distance and azimuths", () => {
  const r = geodesicInverse(FLINDERS.lon, FLINDERS.lat, BUNINYONG.lon, BUNINYONG.lat, GRS80);
  assertAlmostEquals(r.distanceM, 54972.271, 0.001, "distance to the millimetre");
  assertAlmostEquals(r.azimuth1Deg, dms(306, 52, 5.37), 0.01 * ARCSEC, "forward azimuth to 0.01″");
  assertAlmostEquals(r.reverseAzimuthDeg, dms(127, 10, 25.07), 0.01 * ARCSEC, "reverse azimuth to 0.01″");
  assertEquals(toDms(r.azimuth1Deg), "306°52′05.37″");
  assertEquals(toDms(r.reverseAzimuthDeg), "127°10′25.07″");
});

Deno.test("GDA manual example: the direct problem returns to Buninyong", () => {
  const d = geodesicDirect(FLINDERS.lon, FLINDERS.lat, dms(306, 52, 5.37), 54972.271, GRS80);
  assertAlmostEquals(d.lat, BUNINYONG.lat, 0.001 * ARCSEC);
  assertAlmostEquals(d.lon, BUNINYONG.lon, 0.001 * ARCSEC);
});

Deno.test("GeographicLib test lines (WGS84): long lines to the millimetre", () => {
  const cases = [
    // lat1, lon1, azi1, lat2, lon2, azi2, s12
    [
      35.60777,
      -139.44815,
      111.098748429560326,
      -11.17491,
      -69.95921,
      129.289270889708762,
      8935244.5604818305,
    ],
    [55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234, 109.112041110671519, 4105086.1713924406],
  ];
  for (const [lat1, lon1, azi1, lat2, lon2, azi2, s12] of cases) {
    const r = geodesicInverse(lon1, lat1, lon2, lat2, WGS84_ELLIPSOID);
    assertAlmostEquals(r.distanceM, s12, 0.001, `s12 of ${lat1},${lon1}`);
    assertAlmostEquals(r.azimuth1Deg, azi1, 1e-7, "azi1");
    assertAlmostEquals(r.azimuth2Deg, azi2, 1e-7, "azi2");
    const d = geodesicDirect(lon1, lat1, azi1, s12, WGS84_ELLIPSOID);
    assertAlmostEquals(d.lat, lat2, 1e-8, "direct lat2");
    assertAlmostEquals(((d.lon - lon2) % 360 + 540) % 360 - 180, 0, 1e-8, "direct lon2");
  }
});

Deno.test("coincident points, bad latitudes, direction names", () => {
  const z = geodesicInverse(114, 30, 114, 30);
  assertEquals(z.distanceM, 0);
  assert(Number.isNaN(z.azimuth1Deg));
  assertThrows(() => geodesicInverse(114, 91, 114, 30), RangeError, "纬度");
  assertEquals([0, 22.4, 22.5, 90, 135, 180, 225, 270, 315, 337.5, 359].map(directionName), [
    "北",
    "北",
    "东北",
    "东",
    "东南",
    "南",
    "西南",
    "西",
    "西北",
    "北",
    "北",
  ]);
  assertEquals(directionName(NaN), "—");
});
