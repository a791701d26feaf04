/**
 * The GeoTIFF reader against files written by GDAL in every layout and compression it
 * supports (strips/tiles, none/Deflate/LZW/PackBits, predictors 2 and 3, five sample types,
 * big-endian, multi-band, PixelIsPoint), and against hand-made files for the refusals.
 * GDAL-dependent tests are skipped with a message when gdal_translate is absent.
 */
import { assert, assertEquals } from "../_assert.ts";
import { decodeGeoTiff, type Raster, readGeoTiff } from "../../src/raster/geotiff.ts";
import { asciiGrid, assertRejects, gdal, gdalAvailable, writeTestGeoTiff } from "./_tiff_writer.ts";

const HAS_GDAL = await gdalAvailable();
if (!HAS_GDAL) {
  console.warn("跳过依赖 GDAL 的 GeoTIFF 测试：未找到 gdal_translate（Debian: apt-get install gdal-bin）");
}

const W = 37, H = 23, CELL = 5, XLL = 38_512_000, YLL = 3_301_000, ND = -9999;
/** A grid with negative, fractional and large values and a few nodata cells. */
const VALUES: number[] = Array.from({ length: W * H }, (_, i) => {
  const r = Math.floor(i / W), c = i % W;
  if ((r === 3 && c === 4) || (r === 20 && c === 36) || (r === 0 && c === 0)) return ND;
  return ((r * 37 + c * 11) % 200) - 50 + (c % 4) * 0.25;
});

async function writeAsc(dir: string): Promise<string> {
  const p = `${dir}/grid.asc`;
  await Deno.writeTextFile(p, asciiGrid(W, H, VALUES, { xll: XLL, yll: YLL, cell: CELL, nodata: ND }));
  return p;
}

function checkRaster(r: Raster, cast: (v: number) => number, label: string): void {
  assertEquals([r.width, r.height, r.cellX, r.cellY], [W, H, CELL, CELL], label);
  assertEquals([r.originX, r.originY], [XLL, YLL + H * CELL], label);
  assertEquals(r.crsText, "EPSG:4526", label);
  assertEquals(r.modelType, "projected", label);
  for (let i = 0; i < W * H; i++) {
    const want = VALUES[i] === ND ? NaN : cast(VALUES[i]);
    if (!Object.is(r.data[i], want)) throw new Error(`${label}: cell ${i} = ${r.data[i]}, want ${want}`);
  }
}

/** GDAL's float → integer cast: round half away from zero. */
const roundHalfAway = (v: number): number => Math.sign(v) * Math.round(Math.abs(v));

/** GDAL creation options per variant: [label (output type first), creation options]. */
const VARIANTS: [string, string][] = [
  ["Float32 strips", ""],
  ["Float32 Deflate", "COMPRESS=DEFLATE"],
  ["Float32 LZW", "COMPRESS=LZW"],
  ["Float32 tiled Deflate", "TILED=YES BLOCKXSIZE=16 BLOCKYSIZE=16 COMPRESS=DEFLATE"],
  ["Float32 tiled LZW", "TILED=YES BLOCKXSIZE=16 BLOCKYSIZE=16 COMPRESS=LZW"],
  ["Float32 tiled none", "TILED=YES BLOCKXSIZE=32 BLOCKYSIZE=16"],
  ["Float32 Deflate predictor 3", "COMPRESS=DEFLATE PREDICTOR=3"],
  ["Float32 LZW predictor 3 tiled", "COMPRESS=LZW PREDICTOR=3 TILED=YES BLOCKXSIZE=16 BLOCKYSIZE=16"],
  ["Float32 PackBits small strips", "COMPRESS=PACKBITS BLOCKYSIZE=5"],
  ["Float32 big-endian LZW", "ENDIANNESS=BIG COMPRESS=LZW"],
  ["Float64 Deflate predictor 3", "COMPRESS=DEFLATE PREDICTOR=3"],
  ["Float64 big-endian", "ENDIANNESS=BIG"],
  ["Int16 LZW predictor 2", "COMPRESS=LZW PREDICTOR=2"],
  ["Int16 big-endian Deflate predictor 2", "ENDIANNESS=BIG COMPRESS=DEFLATE PREDICTOR=2"],
  ["Int32 Deflate predictor 2 tiled", "COMPRESS=DEFLATE PREDICTOR=2 TILED=YES BLOCKXSIZE=16 BLOCKYSIZE=16"],
];

Deno.test({
  name: "GeoTIFF: every layout/compression/type GDAL writes from one grid reads back cell for cell",
  ignore: !HAS_GDAL,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "geotiff_test_" });
    try {
      const asc = await writeAsc(dir);
      for (const [k, [label, co]] of VARIANTS.entries()) {
        const ot = label.split(" ")[0];
        const cast = ot === "Float32" ? Math.fround : ot === "Float64" ? (v: number) => v : roundHalfAway;
        const opts = co ? co.split(" ").flatMap((c) => ["-co", c]) : [];
        await gdal("gdal_translate", [
          "-q",
          "-a_srs",
          "EPSG:4526",
          "-ot",
          ot,
          ...opts,
          asc,
          `${dir}/v${k}.tif`,
        ]);
        const r = await readGeoTiff(`${dir}/v${k}.tif`);
        checkRaster(r, cast, label);
        assertEquals(r.nodata, ND, label);
        assertEquals(r.notes, [], label);
      }
      // UInt16 cannot hold the negative values: a shifted copy.
      const shifted = VALUES.map((v) => (v === ND ? 65535 : roundHalfAway(v) + 100));
      await Deno.writeTextFile(
        `${dir}/u.asc`,
        asciiGrid(W, H, shifted, { xll: XLL, yll: YLL, cell: CELL, nodata: 65535 }),
      );
      await gdal("gdal_translate", [
        "-q",
        "-a_srs",
        "EPSG:4526",
        "-ot",
        "UInt16",
        "-co",
        "COMPRESS=LZW",
        `${dir}/u.asc`,
        `${dir}/u.tif`,
      ]);
      const u = await readGeoTiff(`${dir}/u.tif`);
      assertEquals(Array.from(u.data).map((v) => (Number.isNaN(v) ? 65535 : v)), shifted);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "GeoTIFF: a large LZW strip (dictionary resets, 12-bit codes) reads back exactly",
  ignore: !HAS_GDAL,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "geotiff_test_" });
    try {
      const w = 300, h = 200;
      let seed = 99;
      const vals = Array.from(
        { length: w * h },
        () => (seed = (seed * 69069 + 1) % 4294967296) / 4294967.296,
      );
      await Deno.writeTextFile(`${dir}/r.asc`, asciiGrid(w, h, vals, { xll: XLL, yll: YLL, cell: 10 }));
      await gdal("gdal_translate", [
        "-q",
        "-a_srs",
        "EPSG:4526",
        "-ot",
        "Float32",
        "-co",
        "COMPRESS=LZW",
        "-co",
        `BLOCKYSIZE=${h}`,
        `${dir}/r.asc`,
        `${dir}/r.tif`,
      ]);
      const r = await readGeoTiff(`${dir}/r.tif`);
      assertEquals(Array.from(r.data), vals.map(Math.fround));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "GeoTIFF: multi-band files give band 1 with a note; PixelIsPoint is shifted like GDAL does",
  ignore: !HAS_GDAL,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "geotiff_test_" });
    try {
      const asc = await writeAsc(dir);
      for (const interleave of ["PIXEL", "BAND"]) {
        const tif = `${dir}/mb_${interleave}.tif`;
        await gdal("gdal_translate", [
          "-q",
          "-a_srs",
          "EPSG:4526",
          "-ot",
          "Float32",
          "-b",
          "1",
          "-b",
          "1",
          "-scale_2",
          "0",
          "1",
          "0",
          "2",
          "-co",
          `INTERLEAVE=${interleave}`,
          "-co",
          "COMPRESS=DEFLATE",
          asc,
          tif,
        ]);
        const r = await readGeoTiff(tif);
        checkRaster(r, Math.fround, `2 bands ${interleave}`);
        assertEquals(r.notes.length, 1);
        assert(r.notes[0].includes("2 个波段") && r.notes[0].includes("第 1 波段"), r.notes[0]);
      }
      const pt = `${dir}/point.tif`;
      await gdal("gdal_translate", [
        "-q",
        "-a_srs",
        "EPSG:4526",
        "-ot",
        "Float32",
        "-mo",
        "AREA_OR_POINT=Point",
        asc,
        pt,
      ]);
      checkRaster(await readGeoTiff(pt), Math.fround, "PixelIsPoint");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "GeoTIFF: BigTIFF, ZSTD/LERC compression and rotated transforms are refused in Chinese, naming the file",
  ignore: !HAS_GDAL,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "geotiff_test_" });
    try {
      const asc = await writeAsc(dir);
      await gdal("gdal_translate", [
        "-q",
        "-a_srs",
        "EPSG:4526",
        "-co",
        "BIGTIFF=YES",
        asc,
        `${dir}/big.tif`,
      ]);
      await assertRejects(() => readGeoTiff(`${dir}/big.tif`), Error, "BigTIFF");
      await assertRejects(() => readGeoTiff(`${dir}/big.tif`), Error, `${dir}/big.tif`);
      let refused = 0;
      for (const c of ["ZSTD", "LERC", "LZMA"]) {
        try {
          await gdal("gdal_translate", [
            "-q",
            "-a_srs",
            "EPSG:4526",
            "-co",
            `COMPRESS=${c}`,
            asc,
            `${dir}/${c}.tif`,
          ]);
        } catch {
          continue; // this GDAL build lacks the codec
        }
        await assertRejects(() => readGeoTiff(`${dir}/${c}.tif`), Error, `不支持的压缩方式 ${c}`);
        refused++;
      }
      assert(refused > 0, "no unsupported codec available to test");
      const vrt = `<VRTDataset rasterXSize="4" rasterYSize="3"><SRS>EPSG:4526</SRS>
        <GeoTransform>38500000, 10, 2, 3300000, 2, -10</GeoTransform>
        <VRTRasterBand dataType="Float32" band="1"><SimpleSource><SourceFilename relativeToVRT="0">${dir}/big.tif</SourceFilename>
        <SourceBand>1</SourceBand><SrcRect xOff="0" yOff="0" xSize="4" ySize="3"/><DstRect xOff="0" yOff="0" xSize="4" ySize="3"/>
        </SimpleSource></VRTRasterBand></VRTDataset>`;
      await Deno.writeTextFile(`${dir}/rot.vrt`, vrt);
      await gdal("gdal_translate", ["-q", `${dir}/rot.vrt`, `${dir}/rot.tif`]);
      await assertRejects(() => readGeoTiff(`${dir}/rot.tif`), Error, "旋转");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("GeoTIFF: hand-made files (little/big endian, Float64, Int16) read without GDAL", async () => {
  const values = [1.5, -2, 3.25, -9999, 5, 6];
  for (const bigEndian of [false, true]) {
    for (const type of ["float32", "float64", "int16"] as const) {
      const vals = type === "int16" ? values.map(Math.trunc) : values;
      const bytes = writeTestGeoTiff({
        width: 3,
        height: 2,
        values: vals,
        originX: 500_000,
        originY: 3_000_000,
        cell: 2.5,
        epsg: 4545,
        type,
        nodata: "-9999",
        bigEndian,
      });
      const r = await decodeGeoTiff(bytes, "mem.tif");
      assertEquals(Array.from(r.data), vals.map((v) => (v === -9999 ? NaN : v)));
      assertEquals([r.originX, r.originY, r.cellX, r.cellY, r.crsText], [
        500_000,
        3_000_000,
        2.5,
        2.5,
        "EPSG:4545",
      ]);
    }
  }
  const geo = writeTestGeoTiff({
    width: 1,
    height: 1,
    values: [1],
    originX: 114,
    originY: 30,
    cell: 0.001,
    epsg: 4490,
    geographic: true,
  });
  const g = await decodeGeoTiff(geo, "geo.tif");
  assertEquals([g.crsText, g.modelType], ["EPSG:4490", "geographic"]);
  const none = await decodeGeoTiff(
    writeTestGeoTiff({ width: 1, height: 1, values: [1], originX: 0, originY: 0, cell: 1 }),
    "n.tif",
  );
  assertEquals(none.crsText, null);
  assert(none.notes[0].includes("未记录坐标系"));
});

Deno.test("GeoTIFF: refusals name the file and say what is wrong", async () => {
  const dir = await Deno.makeTempDir({ prefix: "geotiff_test_" });
  try {
    await Deno.writeTextFile(`${dir}/dem.tif`, "ncols 3\nnrows 3\n");
    await assertRejects(
      () => readGeoTiff(`${dir}/dem.tif`),
      Error,
      `GeoTIFF 文件 ${dir}/dem.tif：不是 TIFF 文件`,
    );
    await assertRejects(
      () => readGeoTiff(`${dir}/missing.tif`),
      Error,
      `无法读取 GeoTIFF 文件 ${dir}/missing.tif`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const rotated = writeTestGeoTiff({
    width: 2,
    height: 2,
    values: [1, 2, 3, 4],
    originX: 0,
    originY: 0,
    cell: 1,
    rotation: 0.5,
    epsg: 4526,
  });
  await assertRejects(() => decodeGeoTiff(rotated, "rot.tif"), Error, "rot.tif：地理变换含旋转");
  const ok = writeTestGeoTiff({
    width: 2,
    height: 2,
    values: [1, 2, 3, 4],
    originX: 0,
    originY: 0,
    cell: 1,
    epsg: 4526,
  });
  await assertRejects(
    () => decodeGeoTiff(ok.slice(0, ok.length - 3), "cut.tif"),
    Error,
    "cut.tif：文件不完整",
  );
  const bigTiffHeader = Uint8Array.of(0x49, 0x49, 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0);
  await assertRejects(() => decodeGeoTiff(bigTiffHeader, "b.tif"), Error, "BigTIFF");
  const noGeo = ok.slice();
  // Rename ModelPixelScale (33550) to an unknown tag: the file loses its georeferencing.
  const dv = new DataView(noGeo.buffer);
  for (let k = 0; k < dv.getUint16(8, true); k++) {
    if (dv.getUint16(10 + k * 12, true) === 33550) dv.setUint16(10 + k * 12, 33551, true);
  }
  await assertRejects(() => decodeGeoTiff(noGeo, "nogeo.tif"), Error, "没有地理参考");
});
