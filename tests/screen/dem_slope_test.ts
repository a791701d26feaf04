/**
 * DEM slope deduction (DOMAIN.md §4.2): Horn slope on synthetic DEMs with known answers,
 * exact zone polygons (area = count × cell², OGC-valid per GEOS), nodata and edge handling,
 * the geographic refusal, reprojection to the parcels' CRS, and a cell-by-cell cross-check
 * against GDAL's `gdaldem slope` (skipped with a message when GDAL is absent).
 */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import type { Raster } from "../../src/raster/geotiff.ts";
import { readGeoTiff } from "../../src/raster/geotiff.ts";
import { crsFromEpsg } from "../../src/io/crs.ts";
import { featurePlanarArea, featureRings, type PolygonColumn } from "../../src/geom/types.ts";
import { createOverlay } from "../../src/geom/overlay.ts";
import { demSlopeLayer, slopeDegrees, slopeZones, steepMask } from "../../src/screen/dem_slope.ts";
import { traceCellMask } from "../../src/screen/dem_trace.ts";
import { asciiGrid, assertRejects, gdal, gdalAvailable, writeTestGeoTiff } from "../io/_tiff_writer.ts";

const X0 = 38_512_000, Y0 = 3_301_000; // top-left corner, EPSG:4526 magnitudes
const HAS_GDAL = await gdalAvailable();
if (!HAS_GDAL) {
  console.warn("跳过与 gdaldem slope 的对照测试：未找到 gdal_translate（Debian: apt-get install gdal-bin）");
}

/** A DEM raster from z(col, row) in metres, cell size `cell` (square unless `cellY`). */
function dem(w: number, h: number, z: (c: number, r: number) => number, cell = 10, cellY = cell): Raster {
  const data = new Float64Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) data[r * w + c] = z(c, r);
  return {
    width: w,
    height: h,
    data,
    originX: X0,
    originY: Y0,
    cellX: cell,
    cellY,
    crsText: "EPSG:4526",
    modelType: "projected",
    linearUnit: 9001,
    nodata: null,
    source: "synthetic.tif",
    notes: [],
  };
}

function totalArea(col: PolygonColumn): number {
  let s = 0;
  for (let k = 0; k + 1 < col.geomOffsets.length; k++) s += featurePlanarArea(col, k);
  return s;
}

/** Union through GEOS: the area must not change and no feature may need repair (OGC-valid). */
async function assertValidViaGeos(col: PolygonColumn, area: number): Promise<void> {
  const ov = await createOverlay({ origin: [X0 - 1000, Y0 - 10_000] });
  try {
    const set = ov.unionLayer(col);
    assertEquals(ov.repaired, 0, "GEOS found invalid zone polygons");
    assertAlmostEquals(set.area, area, 1e-6);
    set.dispose();
  } finally {
    ov.dispose();
  }
}

Deno.test("Horn slope: planes of 30° and 20°, edges without slope, strict threshold", async () => {
  const t30 = Math.tan((30 * Math.PI) / 180), t20 = Math.tan((20 * Math.PI) / 180);
  const r30 = dem(12, 9, (c) => c * 10 * t30);
  const s = slopeDegrees(r30);
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 12; c++) {
      const v = s[r * 12 + c];
      if (r === 0 || c === 0 || r === 8 || c === 11) assert(Number.isNaN(v), `edge ${r},${c} = ${v}`);
      else assertAlmostEquals(v, 30, 1e-4);
    }
  }
  const z30 = slopeZones(r30);
  assertEquals(z30.geomOffsets.length - 1, 1);
  // Traced from the top-left corner, counter-clockwise.
  assertEquals(featureRings(z30, 0), [[[[X0 + 10, Y0 - 10], [X0 + 10, Y0 - 80], [X0 + 110, Y0 - 80], [
    X0 + 110,
    Y0 - 10,
  ], [X0 + 10, Y0 - 10]]]]);
  assertEquals(totalArea(z30), 10 * 7 * 100);
  assertEquals(slopeZones(dem(12, 9, (c, r) => c * 10 * t20 + r * 0)).geomOffsets.length - 1, 0);
  // A slope along y, and a 3-4-5 plane, with non-square cells: dz/dy uses cellY.
  assertAlmostEquals(slopeDegrees(dem(5, 5, (_c, r) => r * 5 * t30, 10, 5))[12], 30, 1e-4);
  assertAlmostEquals(
    slopeDegrees(dem(5, 5, (c, r) => c * 10 * 0.3 + r * 5 * 0.4, 10, 5))[12],
    (Math.atan(0.5) * 180) / Math.PI,
    1e-5,
  );
  // z = x (integer metres) gives 45° exactly: "steeper than" is strict.
  const r45 = dem(6, 6, (c) => c * 10);
  assertEquals(slopeDegrees(r45)[14], 45);
  assertEquals(slopeZones(r45, { thresholdDeg: 45 }).geomOffsets.length - 1, 0);
  assertEquals(totalArea(slopeZones(r45, { thresholdDeg: 44.9 })), 16 * 100);
  await assertValidViaGeos(z30, 7000);
});

Deno.test("Ridge and valley: the steep belts are exactly the expected rectangles", async () => {
  // Height steps between columns c−1 and c; a column is steep when |step(c) + step(c+1)| / 20 > tan 25°.
  const steps = [0, 1, 1, 1, 1, 10, 10, 10, 1, 1, 1, -1, -1, -10, -10, -1, -1, -1, -1, -1];
  const f: number[] = [];
  steps.reduce((z, s, c) => (f[c] = z + s), 100);
  // A gentle valley across the rows (1 m per row down to row 6, then up) keeps those cells flat.
  const r = dem(20, 12, (c, row) => f[c] + Math.abs(row - 6));
  const zones = slopeZones(r);
  // Steep columns 4–7 and 12–14 over the interior rows 1–10.
  assertEquals(zones.geomOffsets.length - 1, 2);
  assertEquals(featureRings(zones, 0)[0][0], [[X0 + 40, Y0 - 10], [X0 + 40, Y0 - 110], [X0 + 80, Y0 - 110], [
    X0 + 80,
    Y0 - 10,
  ], [X0 + 40, Y0 - 10]]);
  assertEquals(featureRings(zones, 1)[0][0], [
    [X0 + 120, Y0 - 10],
    [X0 + 120, Y0 - 110],
    [X0 + 150, Y0 - 110],
    [X0 + 150, Y0 - 10],
    [X0 + 120, Y0 - 10],
  ]);
  assertEquals(totalArea(zones), 7 * 10 * 100);
  await assertValidViaGeos(zones, 7000);
});

Deno.test("Mesa: a steep ring around a flat top is one polygon with a hole; area = count × cell²", async () => {
  const r = dem(40, 30, (c, row) => {
    const d = Math.hypot(c - 20, row - 15);
    return d < 5 ? 100 : d < 10 ? 100 - (d - 5) * 10 : 50; // flat top, 45° flank, flat plain
  });
  const zones = slopeZones(r);
  const { count } = steepMask(slopeDegrees(r), 25);
  assertEquals(zones.geomOffsets.length - 1, 1);
  assertEquals(zones.polyOffsets[1] - zones.polyOffsets[0], 2, "shell + hole");
  assertEquals(totalArea(zones), count * 100);
  await assertValidViaGeos(zones, count * 100);
});

Deno.test("Cell tracing: diagonal contacts, holes touching shells and holes, islands — exact and OGC-valid", async () => {
  const cases: { rows: string[]; polys: number; rings: number }[] = [
    { rows: ["#.", ".#"], polys: 2, rings: 2 }, // corner contact → two polygons
    { rows: [".#", "#."], polys: 2, rings: 2 },
    { rows: ["###", "#.#", "###"], polys: 1, rings: 2 }, // hole
    { rows: ["####.", "#..#.", "#.###", "####."], polys: 1, rings: 2 },
    { rows: [".###", "#..#", "#..#", "###."], polys: 2, rings: 2 }, // open at two corners: two L shapes
    { rows: ["#####", "#.#.#", "##.##", "#.#.#", "#####"], polys: 1, rings: 6 }, // five holes touching each other
    { rows: ["####", "#..#", "#.##", "####", ".#.."], polys: 1, rings: 2 },
    { rows: ["#####", "#...#", "#.#.#", "#...#", "#####"], polys: 2, rings: 3 }, // island in a hole
    { rows: ["###.", "#.#.", "##.#", "...#"], polys: 2, rings: 3 }, // hole touching the shell at a point
  ];
  for (const { rows, polys, rings } of cases) {
    const w = rows[0].length, h = rows.length;
    const mask = Uint8Array.from(rows.join(""), (ch) => (ch === "#" ? 1 : 0));
    const col = traceCellMask(mask, w, h, { originX: X0, originY: Y0, cellX: 10, cellY: 5 });
    const count = mask.reduce((s, v) => s + v, 0);
    assertEquals(col.geomOffsets.length - 1, polys, rows.join("/"));
    assertEquals(col.ringOffsets.length - 1, rings, rows.join("/"));
    assertEquals(totalArea(col), count * 50, rows.join("/"));
    await assertValidViaGeos(col, count * 50);
  }
  // A pseudo-random speckle: many saddles of every kind.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const mask = Uint8Array.from({ length: 60 * 50 }, () => (rnd() < 0.5 ? 1 : 0));
  const col = traceCellMask(mask, 60, 50, { originX: X0, originY: Y0, cellX: 10, cellY: 10 });
  const count = mask.reduce((s, v) => s + v, 0);
  assertEquals(totalArea(col), count * 100);
  await assertValidViaGeos(col, count * 100);
});

Deno.test("Nodata: every cell whose window holds nodata has no slope", () => {
  const t30 = Math.tan((30 * Math.PI) / 180);
  const r = dem(10, 10, (c) => c * 10 * t30);
  r.data[4 * 10 + 5] = NaN;
  const s = slopeDegrees(r);
  let missing = 0;
  for (let i = 0; i < 100; i++) if (Number.isNaN(s[i])) missing++;
  assertEquals(missing, 36 + 9); // the edge ring and the 3×3 block around the hole
  const zones = slopeZones(r);
  assertEquals(zones.ringOffsets.length - 1, 2, "the block becomes a hole");
  assertEquals(totalArea(zones), (64 - 9) * 100);
});

Deno.test("A geographic DEM is refused: reproject it to a projected CRS in metres first", async () => {
  const r = dem(5, 5, () => 0, 0.0001);
  r.crsText = "EPSG:4490";
  r.modelType = "geographic";
  assertThrows(() => slopeDegrees(r), Error, "地理坐标（经纬度）（EPSG:4490）");
  assertThrows(() => slopeZones(r), Error, "请先将 DEM 投影到投影坐标系");
  const unknown = { ...r, crsText: null, modelType: null, originX: 114, originY: 30 };
  assertThrows(() => slopeDegrees(unknown), Error, "像是经纬度");
  const dir = await Deno.makeTempDir({ prefix: "dem_slope_" });
  try {
    const p = `${dir}/geo_dem.tif`;
    await Deno.writeFile(
      p,
      writeTestGeoTiff({
        width: 4,
        height: 4,
        values: new Array(16).fill(1),
        originX: 114,
        originY: 30,
        cell: 0.001,
        epsg: 4490,
        geographic: true,
      }),
    );
    await assertRejects(() => demSlopeLayer(p, crsFromEpsg(4526)), Error, `DEM 文件 ${p} 为地理坐标`);
    const none = `${dir}/no_crs.tif`;
    await Deno.writeFile(
      none,
      writeTestGeoTiff({
        width: 4,
        height: 4,
        values: new Array(16).fill(1),
        originX: X0,
        originY: Y0,
        cell: 10,
      }),
    );
    await assertRejects(() => demSlopeLayer(none, crsFromEpsg(4526)), Error, `DEM 文件 ${none} 未记录坐标系`);
    const layer = await demSlopeLayer(none, crsFromEpsg(4526), { demCrs: crsFromEpsg(4526) });
    assertEquals(layer.steepCells, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("demSlopeLayer: named layer in the parcels' CRS — same CRS, same zone without prefix, another zone", async () => {
  const t30 = Math.tan((30 * Math.PI) / 180);
  const w = 30, h = 20;
  const values = Array.from({ length: w * h }, (_, i) => (i % w < 15 ? 0 : (i % w - 15) * 10 * t30));
  const dir = await Deno.makeTempDir({ prefix: "dem_slope_" });
  try {
    const p = `${dir}/dem.tif`;
    await Deno.writeFile(
      p,
      writeTestGeoTiff({
        width: w,
        height: h,
        values,
        originX: X0,
        originY: Y0,
        cell: 10,
        epsg: 4526,
        nodata: "-9999",
      }),
    );
    const same = await demSlopeLayer(p, crsFromEpsg(4526));
    assertEquals(same.name, "坡度大于25度（DEM）");
    assertEquals(same.steepCells, 13 * 18); // columns 16–28 × rows 1–18 (column 15's window: atan(tan 30° / 2) = 16.1°)
    assertEquals(totalArea(same.geometry), 13 * 18 * 100);
    assert(same.notes.some((n) => n.includes("坡度大于 25° 的像元 234 个")), same.notes.join("\n"));
    const shifted = await demSlopeLayer(p, crsFromEpsg(4547)); // zone 38 (114°E) without the zone prefix
    assertEquals(shifted.geometry.coords[0], same.geometry.coords[0] - 38_000_000);
    assertEquals(totalArea(shifted.geometry), 13 * 18 * 100);
    assert(shifted.notes.some((n) => n.includes("平移东坐标")));
    const other = await demSlopeLayer(p, crsFromEpsg(4527)); // zone 39: a true reprojection
    assert(other.notes.some((n) => n.includes("重投影")));
    assertAlmostEquals(totalArea(other.geometry) / (13 * 18 * 100), 1, 2e-3);
    assertEquals(
      (await demSlopeLayer(p, crsFromEpsg(4526), { thresholdDeg: 35 })).name,
      "坡度大于35度（DEM）",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A rough DEM: hills, a cliff band, integer-ish noise, and a few nodata cells. */
function roughDem(w: number, h: number, cell: number, nodata: number): number[] {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: w * h }, (_, i) => {
    const r = Math.floor(i / w), c = i % w;
    if ((r === 17 && c === 23) || (r === 30 && c >= 40 && c <= 42) || (r === h - 1 && c === 5)) return nodata;
    // Gradients up to ~0.6 (31°) from the hills, a 38° cliff band, noise of ±0.1 cell: a mix around 25°.
    const z = 300 + 4 * cell * Math.sin(c / 7) * Math.cos(r / 5) +
      (c > 50 && c < 56 ? 0.8 * cell * (c - 50) : 0) +
      (rnd() - 0.5) * 0.2 * cell;
    return Math.round(z * 1000) / 1000;
  });
}

for (
  const v of [
    { label: "Float32 square cells, LZW", w: 90, h: 70, cell: 10, ot: "Float32", co: ["COMPRESS=LZW"] },
    {
      label: "Float32 non-square cells, tiled Deflate",
      w: 70,
      h: 60,
      cell: 12.5,
      dy: 7.5,
      ot: "Float32",
      co: ["TILED=YES", "BLOCKXSIZE=32", "BLOCKYSIZE=32", "COMPRESS=DEFLATE"],
    },
    { label: "Int16 DEM", w: 60, h: 50, cell: 5, ot: "Int16", co: ["COMPRESS=DEFLATE", "PREDICTOR=2"] },
  ]
) {
  Deno.test({
    name: `Cross-check with gdaldem slope (${v.label}): per cell < 1e-6°, same nodata pattern`,
    ignore: !HAS_GDAL,
    async fn() {
      const dir = await Deno.makeTempDir({ prefix: "dem_slope_gdal_" });
      try {
        const values = roughDem(v.w, v.h, v.cell, -9999);
        const asc = `${dir}/dem.asc`, tif = `${dir}/dem.tif`, out = `${dir}/slope.tif`;
        await Deno.writeTextFile(
          asc,
          asciiGrid(v.w, v.h, values, { xll: X0, yll: Y0, cell: v.cell, dy: v.dy, nodata: -9999 }),
        );
        await gdal("gdal_translate", [
          "-q",
          "-a_srs",
          "EPSG:4526",
          "-ot",
          v.ot,
          ...v.co.flatMap((c) => ["-co", c]),
          asc,
          tif,
        ]);
        await gdal("gdaldem", ["slope", "-q", tif, out]);
        const mine = slopeDegrees(await readGeoTiff(tif));
        const ref = await readGeoTiff(out);
        let maxDiff = 0, compared = 0, steep = 0;
        for (let i = 0; i < mine.length; i++) {
          assertEquals(Number.isNaN(mine[i]), Number.isNaN(ref.data[i]), `nodata pattern at cell ${i}`);
          if (Number.isNaN(mine[i])) continue;
          maxDiff = Math.max(maxDiff, Math.abs(mine[i] - ref.data[i]));
          compared++;
          if (ref.data[i] > 25) steep++;
        }
        assert(maxDiff < 1e-6, `max difference ${maxDiff}°`);
        console.log(
          `  ${v.label}: ${compared} cells compared, ${steep} steeper than 25°, max |Δ| = ${maxDiff}°`,
        );
        assert(
          compared > v.w * v.h * 0.8 && steep > compared * 0.1 && steep < compared * 0.9,
          `${compared} cells, ${steep} steep`,
        );
        assertEquals(steepMask(mine, 25).count, steep);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
