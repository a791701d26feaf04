/**
 * A Shapefile's geometry read on a second thread: {@link readShpOffThread} hands the .shp to a
 * Worker (`shp_worker.ts`) that reads it and computes its {@link GeometryPass} (boxes, areas,
 * centroids, problems), while the caller reads the .dbf. On a 200,000-parcel survey that is
 * about a second of work moved off the loader's thread; the arrays come back by transfer.
 * Errors come back with the reader's own message (file and record).
 *
 * @example
 * ```ts
 * const layer = await readShapefile("DLTB_2024.shp", { readGeometry: readShpOffThread });
 * layer.geometryPass?.planar[0];
 * await readShapefile("DLTB_2024.shp", { readGeometry: shpReader("auto") }); // a worker only for a large file
 * ```
 * @module
 */
import { JobError, runJobs } from "../threads/pool.ts";
import { type GeometryPass, geometryPass } from "../geom/pass.ts";
import { readShpFile, type ShpData } from "../io/shp.ts";

/** The geometry of a .shp with the pass made from it (in the file's CRS). */
export interface ShpWithPass extends ShpData {
  pass: GeometryPass;
}

/**
 * Smallest .shp worth a second thread: below about 2 MiB (some 10,000 parcels) reading and the
 * pass take less than starting a worker.
 */
export const OFF_THREAD_MIN_BYTES = 2 << 20;

const WORKER = new URL("./shp_worker.ts", import.meta.url);

/** Reads `shpPath` and makes its pass on a Worker. */
export async function readShpOffThread(shpPath: string): Promise<ShpWithPass> {
  try {
    const [r] = await runJobs<string, ShpWithPass>(WORKER, [shpPath], { workers: 1 });
    return r;
  } catch (e) {
    // The reader's message as the in-thread reader would give it.
    if (e instanceof JobError) throw new Error(e.message);
    throw e;
  }
}

/** Reads `shpPath` and makes its pass on this thread. */
export async function readShpHere(shpPath: string): Promise<ShpWithPass> {
  const shp = await readShpFile(shpPath);
  return { ...shp, pass: geometryPass(shp.geometry) };
}

/** Where a Shapefile's geometry is read: on a worker, on this thread, or by size (`auto`). */
export type GeometryThread = "auto" | "worker" | "here";

/** A `readGeometry` for `readShapefile`: `auto` uses a worker from {@link OFF_THREAD_MIN_BYTES} on. */
export function shpReader(where: GeometryThread = "auto"): (shpPath: string) => Promise<ShpWithPass> {
  return async (shpPath) => {
    const big = where === "auto" && (await Deno.stat(shpPath)).size >= OFF_THREAD_MIN_BYTES;
    return where === "worker" || big ? await readShpOffThread(shpPath) : await readShpHere(shpPath);
  };
}
