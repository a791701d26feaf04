// Input the readers accept by principle rather than by case: an empty layer of any declared type,
// GeoJSON without crs (WGS84 by RFC 7946), and coordinates outside China named as such.
import assert from "node:assert/strict";
import { writeDbf } from "../../src/io/dbf_write.ts";
import { readConstraintLayer } from "../../src/screen/layers.ts";
import { loadParcels } from "../../src/ingest/load.ts";
import { crsFromEpsg } from "../../src/io/crs.ts";

const ZONE38 = crsFromEpsg(4526);

/** A header-only Shapefile (no records) whose header declares `shapeType`, with its .shx and a DBF of one field. */
async function emptyShapefile(dir: string, name: string, shapeType: number): Promise<string> {
  const header = () => {
    const b = new Uint8Array(100), dv = new DataView(b.buffer);
    dv.setInt32(0, 9994, false);
    dv.setInt32(24, 50, false);
    dv.setInt32(28, 1000, true);
    dv.setInt32(32, shapeType, true);
    return b;
  };
  await Deno.writeFile(`${dir}/${name}.shp`, header());
  await Deno.writeFile(`${dir}/${name}.shx`, header());
  await Deno.writeFile(`${dir}/${name}.dbf`, writeDbf({ fields: [{ name: "NAME", type: "C", length: 20, decimals: 0 }], columns: { NAME: [] }, length: 0 }, { encoding: "utf-8" }));
  return `${dir}/${name}.shp`;
}

Deno.test("an empty constraint layer of any declared type (PolyLine as GDAL writes it, Point, none) is accepted with a note", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const type of [3, 1, 5, 0]) {
      const path = await emptyShapefile(dir, `empty_${type}`, type);
      const layer = await readConstraintLayer(path, ZONE38);
      assert.equal(layer.features, 0, `type ${type}`);
      assert.ok(layer.notes.some((n) => n.includes("空图层")), layer.notes.join("；"));
    }
    // A non-empty PolyLine file is still refused with its type named.
    const line = new Uint8Array(100 + 8), dv = new DataView(line.buffer);
    dv.setInt32(0, 9994, false);
    dv.setInt32(24, 54, false);
    dv.setInt32(32, 3, true);
    await Deno.writeFile(`${dir}/line.shp`, line);
    await Deno.copyFile(`${dir}/empty_3.shx`, `${dir}/line.shx`);
    await Deno.copyFile(`${dir}/empty_3.dbf`, `${dir}/line.dbf`);
    await assert.rejects(() => readConstraintLayer(`${dir}/line.shp`, ZONE38), /不支持的几何类型：.*几何类型代码为 3/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];

Deno.test("GeoJSON without crs is WGS84 (RFC 7946): read, reprojected into the survey's zone, and the note says so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/河湖.geojson`, JSON.stringify({
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: { name: "甲" }, geometry: { type: "Polygon", coordinates: square(114, 30.5, 0.01) } }],
    }));
    const layer = await readConstraintLayer(`${dir}/河湖.geojson`, ZONE38);
    assert.equal(layer.features, 1);
    assert.ok(layer.notes.some((n) => n.includes("按 RFC 7946 视为 WGS84")), layer.notes.join("；"));
    const x = layer.geometry.coords[0];
    assert.ok(x > 38_000_000 && x < 39_000_000, `zone-38 easting, got ${x}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("coordinates outside China get a message that says so and suggests --crs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // WGS84 data at 0–5°E (as in the issue), as a constraint layer and as a parcel layer.
    const far = { type: "FeatureCollection", features: [{ type: "Feature", properties: { BSM: "1", DLBM: "0101", TBMJ: 100 }, geometry: { type: "Polygon", coordinates: square(1, 10, 4) } }] };
    await Deno.writeTextFile(`${dir}/far.geojson`, JSON.stringify(far));
    await assert.rejects(() => readConstraintLayer(`${dir}/far.geojson`, ZONE38), /约束图层 .*far\.geojson 的坐标位于中国范围以外：按坐标系 .* 换算为经度 1\.00°–5\.00°、纬度 10\.00°–14\.00°.*请确认文件的坐标系，或用 --crs 指定/);
    await assert.rejects(() => loadParcels([`${dir}/far.geojson`], { progress: false }), /far\.geojson 的坐标位于中国范围以外.*--crs/);
    // Projected metres in a file that says WGS84: also outside.
    const metres = { type: "FeatureCollection", crs: { type: "name", properties: { name: "EPSG:4326" } }, features: [{ type: "Feature", properties: { BSM: "1", DLBM: "0101", TBMJ: 100 }, geometry: { type: "Polygon", coordinates: square(38_450_000, 3_400_000, 100) } }] };
    await Deno.writeTextFile(`${dir}/metres.geojson`, JSON.stringify(metres));
    await assert.rejects(() => loadParcels([`${dir}/metres.geojson`], { progress: false }), /中国范围以外.*--crs/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
