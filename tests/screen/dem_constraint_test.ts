// A DEM in the constraints folder becomes the slope zone (> 25°) and is erased like a layer.
import { assertAlmostEquals, assertEquals } from "../_assert.ts";
import { rect, table, X0, Y0 } from "./_build.ts";
import { writeTestGeoTiff } from "../io/_tiff_writer.ts";
import { readConstraintDir } from "../../src/screen/layers.ts";
import { screenParcels } from "../../src/screen/screen.ts";
import { screenParams } from "../../src/screen/params.ts";
import { featurePlanarArea } from "../../src/geom/types.ts";

async function demDir(deg: number): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "dem-" });
  // 30 × 30 cells of 10 m from (X0 − 50, Y0 − 50): a plane rising eastwards at `deg` degrees.
  const w = 30, h = 30, cell = 10, tan = Math.tan(deg * Math.PI / 180);
  const values = Array.from({ length: w * h }, (_, i) => (i % w) * cell * tan);
  await Deno.writeFile(`${dir}/dem.tif`, writeTestGeoTiff({ width: w, height: h, values, originX: X0 - 50, originY: Y0 + 250, cell, epsg: 4526, type: "float64" }));
  return dir;
}

Deno.test("a 30° DEM erases the candidate inside it; a 20° DEM erases nothing", async () => {
  const t = await table([
    { bsm: "inside", dlbm: "0301", zzsx: "JKHF", polys: [[rect(0, 0, 100, 100)]] },
    { bsm: "outside", dlbm: "0301", zzsx: "JKHF", polys: [[rect(1000, 0, 100, 100)]] },
  ]);
  const steep = await readConstraintDir(await demDir(30), t.crs!);
  assertEquals(steep.map((l) => l.name), ["坡度大于25度（DEM）"]);
  // Interior cells (edge ring has no slope, as gdaldem): (30 − 2)² cells of 100 m².
  let zone = 0;
  for (let k = 0; k < steep[0].features; k++) zone += featurePlanarArea(steep[0].geometry, k);
  assertEquals(zone, 28 * 28 * 100);
  const r = await screenParcels(t, steep, screenParams(), { progress: false });
  assertEquals(r.pieces.map((p) => p.bsm), ["outside"]);
  assertAlmostEquals(r.ledger.layers[0].deductionM2, 10000, 1e-6);
  const gentle = await readConstraintDir(await demDir(20), t.crs!);
  const r2 = await screenParcels(t, gentle, screenParams(), { progress: false });
  assertEquals(r2.pieces.map((p) => p.bsm), ["inside", "outside"]);
});
