/**
 * The worker that reads a Shapefile's geometry (.shp) and makes its {@link GeometryPass} while
 * the loader's own thread reads the attributes (.dbf); the arrays are moved back, not copied.
 * @module
 */
import { serveJobs } from "../threads/pool.ts";
import { collectGarbage } from "../threads/gc.ts";
import { geometryPass, passBuffers } from "../geom/pass.ts";
import { readShpFile } from "../io/shp.ts";
import type { ShpWithPass } from "./shp_thread.ts";

serveJobs(async (shpPath: string): Promise<ShpWithPass> => {
  // A kept thread (a province's) reads survey after survey: the last file's bytes go first.
  setTimeout(() => void collectGarbage(), 0);
  const shp = await readShpFile(shpPath);
  return { ...shp, pass: geometryPass(shp.geometry) };
}, (r) => {
  const g = r.geometry;
  return [g.coords.buffer, g.ringOffsets.buffer, g.polyOffsets.buffer, g.geomOffsets.buffer, ...passBuffers(r.pass)] as ArrayBuffer[];
});
