/**
 * Cross-checks against GDAL (ogrinfo / ogr2ogr from Debian gdal-bin). Skipped, with a message,
 * only when ogrinfo is not installed.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { featurePlanarArea, featureRings, polygonColumnFromRings } from "../../src/geom/types.ts";
import { readShapefile, writeShapefile } from "../../src/io/shp.ts";
import type { Cell, FieldDef } from "../../src/io/layer.ts";
import { run } from "../_harness/run.ts";

const HAS_GDAL = (await run("ogrinfo", ["--version"])).ok;
if (!HAS_GDAL) console.warn("跳过 GDAL 交叉检查：未安装 ogrinfo（Debian: apt-get install gdal-bin）");

const S1 = "/work/shared/samples/s1";
type Geo = { type: string; coordinates: number[][][] | number[][][][] } | null;

function geoArea(g: Geo): number {
  if (!g) return 0;
  const polys = (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as number[][][][];
  let total = 0;
  for (const p of polys) {
    p.forEach((r, i) => {
      let s = 0;
      const [x0, y0] = r[0];
      for (let v = 0; v < r.length - 1; v++) {
        s += (r[v][0] - x0) * (r[v + 1][1] - y0) - (r[v + 1][0] - x0) * (r[v][1] - y0);
      }
      total += i === 0 ? Math.abs(s / 2) : -Math.abs(s / 2);
    });
  }
  return total;
}

async function toGeoJSON(
  src: string,
  dir: string,
): Promise<{ properties: Record<string, Cell>; geometry: Geo }[]> {
  const out = `${dir}/out_${Math.random().toString(36).slice(2)}.geojson`;
  const r = await run("ogr2ogr", ["-f", "GeoJSON", out, src]);
  assert(r.ok, `ogr2ogr failed: ${r.err}`);
  return JSON.parse(await Deno.readTextFile(out)).features;
}

Deno.test({
  name: "GDAL: ogrinfo feature counts agree for s1 (DLTB and Chinese-named constraint layers)",
  ignore: !HAS_GDAL,
  async fn() {
    for (
      const p of [
        `${S1}/DLTB.shp`,
        `${S1}/constraints/坡度大于25度.shp`,
        `${S1}/constraints/approved_land.shp`,
      ]
    ) {
      const r = await run("ogrinfo", ["-al", "-so", p]);
      assert(r.ok, r.err);
      const count = Number(/Feature Count: (\d+)/.exec(r.out)![1]);
      assertEquals((await readShapefile(p)).length, count, p);
    }
  },
});

Deno.test({
  name: "GDAL: s1/DLTB read by ogr2ogr has the same structure, areas and Chinese text as readShapefile",
  ignore: !HAS_GDAL,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const feats = await toGeoJSON(`${S1}/DLTB.shp`, dir);
      const layer = await readShapefile(`${S1}/DLTB.shp`);
      assertEquals(feats.length, layer.length);
      feats.forEach((f, k) => {
        const g = f.geometry!;
        const polys = (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as number[][][][];
        assertEquals(
          featureRings(layer.geometry!, k).map((p) => p.length),
          polys.map((p) => p.length),
          `parcel ${k + 1}`,
        );
        assertAlmostEquals(featurePlanarArea(layer.geometry!, k), geoArea(g), 1e-6);
        for (const name of ["BSM", "DLBM", "DLMC", "ZLDWMC", "TBMJ", "ZZSXMC"]) {
          assertEquals(layer.columns[name][k], f.properties[name] ?? null, `${name} of parcel ${k + 1}`);
        }
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "GDAL: a GBK layer written by writeShapefile reads back in GDAL with the same text and areas",
  ignore: !HAS_GDAL,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const geometry = polygonColumnFromRings([
        [[[[0, 0], [10, 0], [10, 10], [0, 10]], [[2, 2], [2, 4], [4, 4], [4, 2]]]],
        [[[[20, 0], [25, 0], [25, 5], [20, 5]]], [[[30, 0], [36, 0], [36, 6], [30, 6]], [[31, 1], [31, 2], [
          32,
          2,
        ], [32, 1]]]],
        [],
        [[[[39500000.25, 3450000.5], [39500100.25, 3450000.5], [39500100.25, 3450050.5], [
          39500000.25,
          3450050.5,
        ]]]],
      ]);
      const fields: FieldDef[] = [
        { name: "BSM", type: "C", length: 18, decimals: 0 },
        { name: "DLMC", type: "C", length: 20, decimals: 0 },
        { name: "ZLDWMC", type: "C", length: 60, decimals: 0 },
        { name: "TBMJ", type: "N", length: 19, decimals: 2 },
        { name: "地类编码", type: "C", length: 5, decimals: 0 },
      ];
      const columns: Record<string, Cell[]> = {
        BSM: ["341199000000000001", "341199000000000002", "341199000000000003", "341199000000000004"],
        DLMC: ["水田", "可调整养殖坑塘", "农村宅基地", "乔木林地"],
        ZLDWMC: ["示例村", "濉溪县鸬鹚村（东）", null, "小毛村"],
        TBMJ: [96.5, 60, 0, 5000.25],
        地类编码: ["0101", "1104K", "0702", "0301"],
      };
      const base = `${dir}/地类图斑`;
      await writeShapefile(base, { fields, columns, length: 4, geometry }, { encoding: "gbk" });
      const info = await run("ogrinfo", ["-al", "-so", `${base}.shp`]);
      assert(info.ok, info.err);
      assert(info.out.includes("Feature Count: 4"), info.out);
      assert(info.out.includes("地类编码: String (5.0)"), info.out);
      const feats = await toGeoJSON(`${base}.shp`, dir);
      assertEquals(feats.length, 4);
      feats.forEach((f, k) => {
        for (const fd of fields) {
          assertEquals(f.properties[fd.name] ?? null, columns[fd.name][k], `${fd.name} ${k}`);
        }
        assertEquals(geoArea(f.geometry), featurePlanarArea(geometry, k));
      });
      assertEquals(feats[2].geometry, null);
      assertEquals(feats[1].geometry!.type, "MultiPolygon");
      // GDAL wrote no warning about ring winding or structure.
      const full = await run("ogrinfo", ["-al", `${base}.shp`]);
      assertEquals(full.err.trim(), "");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
