/**
 * Photo rules: distinct azimuths around the circle, distance from the photo to the piece in
 * a projected and a geographic CRS, partly filled and impossible photo values.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import type { Cell } from "../../src/io/layer.ts";
import { CGCS2000_GEOGRAPHIC, transformer } from "../../src/io/crs.ts";
import { FOUR_SHOTS, GK38, photoCells, type Shot, squarePiece } from "./_fixtures.ts";
import type { PolygonRings } from "../../src/geom/types.ts";
import { geodesicInverse } from "../../src/geom/geodesic.ts";
import {
  azimuthDifference,
  checkPhotos,
  DEFAULT_PHOTO_RULES,
  isPhotoTime,
  maxDistinctAzimuths,
  photoDistancer,
  photoIndexes,
  pointToPolygonsDistance,
} from "../../src/evaluate/photos.ts";

const GK = GK38;
const X0 = 38493500, Y0 = 3442600;
const SQUARE: PolygonRings[] = squarePiece("1", 1, X0, Y0).rings;
const toGeo = transformer(GK, CGCS2000_GEOGRAPHIC);
const FOUR = FOUR_SHOTS;
const cells = (shots: readonly Shot[]) => photoCells(X0, Y0, shots);

Deno.test("azimuths: circular difference and the largest pairwise-distinct set", () => {
  assertEquals([
    azimuthDifference(350, 10),
    azimuthDifference(10, 350),
    azimuthDifference(0, 180),
    azimuthDifference(90, 90),
  ], [20, 20, 180, 0]);
  assertEquals(maxDistinctAzimuths([0, 90, 180, 270], 30), 4);
  assertEquals(maxDistinctAzimuths([0, 90, 90, 270], 30), 3);
  assertEquals(maxDistinctAzimuths([0, 29.9, 180, 270], 30), 3, "29.9° is not distinct");
  assertEquals(maxDistinctAzimuths([0, 30, 180, 270], 30), 4, "30° is distinct (≥)");
  assertEquals(maxDistinctAzimuths([350, 10, 100, 200], 30), 3, "350° and 10° are 20° apart across north");
  assertEquals(maxDistinctAzimuths([0, 20, 40, 60, 80, 100], 30), 3);
  assertEquals(maxDistinctAzimuths([], 30), 0);
});

Deno.test("distance from a photo to the piece: 0 inside, metres outside, in projected and geographic CRS", () => {
  assertEquals(pointToPolygonsDistance(X0 + 50, Y0 + 50, SQUARE), 0);
  assertAlmostEquals(pointToPolygonsDistance(X0 + 50, Y0 - 30, SQUARE), 30);
  assertAlmostEquals(pointToPolygonsDistance(X0 - 30, Y0 - 40, SQUARE), 50);
  const [lon, lat] = toGeo(X0 + 50, Y0 - 200);
  assertAlmostEquals(photoDistancer(GK)(lon, lat, SQUARE), 200, 1e-3);
  const geoSquare = SQUARE.map((p) => p.map((r) => r.map(([x, y]) => toGeo(x, y))));
  assertAlmostEquals(photoDistancer(CGCS2000_GEOGRAPHIC)(lon, lat, geoSquare), 200, 0.05);
});

Deno.test("four good photos pass; the reasons when they do not", () => {
  const idx = [1, 2, 3, 4];
  const check = (cells: Record<string, Cell>, rules = DEFAULT_PHOTO_RULES) =>
    checkPhotos(
      cells,
      photoIndexes(Object.keys(cells)).length ? photoIndexes(Object.keys(cells)) : idx,
      [SQUARE],
      photoDistancer(GK),
      rules,
    );
  assertEquals(check(cells(FOUR)), []);
  assertEquals(photoIndexes(Object.keys(cells(FOUR))), idx);
  const few = check(cells(FOUR.slice(0, 3)));
  assertEquals(few.map((p) => p.code), ["few_photos"]);
  assert(few[0].message.includes("合格照片 3 张"), few[0].message);
  const dup = check(cells([FOUR[0], FOUR[1], { ...FOUR[2], az: 100 }, FOUR[3]]));
  assertEquals(dup.map((p) => p.code), ["azimuth_not_distinct"]);
  assert(dup[0].message.includes("照片2与照片3相差 10°"), dup[0].message);
  const far = check(cells([...FOUR.slice(0, 3), { az: 270, dx: 50, dy: 300.5 }]));
  assertEquals(far.map((p) => [p.code, p.field]), [["photo_far", "照片4经度、照片4纬度"], [
    "few_photos",
    "照片",
  ]]);
  assert(/距图斑 200\.\d 米/.test(far[0].message) && far[0].message.includes("超过 200 米"), far[0].message);
  const edge = check(cells([...FOUR.slice(0, 3), { az: 270, dx: 50, dy: 299.9 }]));
  assertEquals(edge, [], "199.9 m is near");
  assertEquals(
    check(cells([...FOUR.slice(0, 3), { az: 270, dx: 50, dy: 400 }]), {
      ...DEFAULT_PHOTO_RULES,
      maxPhotoDistanceM: 500,
    }),
    [],
  );
  const partial = cells(FOUR);
  partial["照片2纬度"] = null;
  partial["照片3方位角（度）"] = 360;
  partial["照片4拍摄时间"] = "昨天";
  const bad = check(partial);
  assertEquals(bad.map((p) => [p.code, p.field]), [
    ["photo_incomplete", "照片2纬度"],
    ["photo_invalid", "照片3方位角（度）"],
    ["photo_invalid", "照片4拍摄时间"],
    ["few_photos", "照片"],
  ]);
});

Deno.test("photo times: dates and date-times, real calendar days only", () => {
  for (const t of ["2024-07-11 13:02:46", "2024/7/11 13:02", "2024-07-11", "2024-02-29T08:00:00"]) {
    assert(isPhotoTime(t), t);
  }
  for (const t of ["2023-02-29 10:00", "2024-13-01", "昨天", "13:02:46", ""]) assert(!isPhotoTime(t), t);
});

Deno.test("photo distance is the ground distance: within 0.1 m of the ellipsoid's geodesic at a zone's edge", () => {
  // A piece 1.4° east of the zone's meridian (GK scale there ≈ 1.0002), photos 10–300 m off its
  // south edge. The planar distance in the pieces' CRS stays within 0.1 m of the geodesic on the
  // CGCS2000 ellipsoid; turf's spherical pointToPolygonDistance is up to ~0.35 % (≈ 0.7 m at
  // 200 m) off and 40× slower (bench/photo_distance_bench.ts), so the planar code stays.
  const x0 = 38500000 + 140000, y0 = 3400000;
  const piece: PolygonRings[] = [[[[x0, y0], [x0 + 100, y0], [x0 + 100, y0 + 100], [x0, y0 + 100], [x0, y0]]]];
  const dist = photoDistancer(GK);
  assertEquals(dist(...toGeo(x0 + 50, y0 + 50), piece), 0, "inside is 0");
  for (const d of [10, 150, 200, 300]) {
    const [lon, lat] = toGeo(x0 + 50, y0 - d);
    const [elon, elat] = toGeo(x0 + 50, y0);
    const ground = geodesicInverse(lon, lat, elon, elat).distanceM;
    assertAlmostEquals(dist(lon, lat, piece), ground, 0.1, `${d} m south`);
  }
});
