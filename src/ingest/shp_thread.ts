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
import { JobError, JobWorker } from "../threads/pool.ts";
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

/** Reads `shpPath` and makes its pass on a Worker started for it. */
export async function readShpOffThread(shpPath: string): Promise<ShpWithPass> {
  const thread = new ShpThread();
  try {
    return await thread.read(shpPath);
  } finally {
    thread.close();
  }
}

/** Reads `shpPath` and makes its pass on this thread. */
export async function readShpHere(shpPath: string): Promise<ShpWithPass> {
  const shp = await readShpFile(shpPath);
  return { ...shp, pass: geometryPass(shp.geometry) };
}

/**
 * A second thread kept for many surveys read one after another (the counties of a province):
 * one worker, started once, reading one .shp at a time in the order asked. {@link ShpThread.readAhead}
 * queues the next survey's geometry while this one is screened; {@link ShpThread.read} then takes
 * it (or queues the file now). Errors come back when the file is read, with the reader's message.
 *
 * @example
 * ```ts
 * const shp = new ShpThread();
 * try {
 *   for (const [i, f] of files.entries()) {
 *     const { table } = await loadParcels([f], { geometryThread: shp });
 *     if (files[i + 1]) shp.readAhead(files[i + 1]);
 *   }
 * } finally { shp.close(); }
 * ```
 */
export class ShpThread {
  #worker: JobWorker<string, ShpWithPass> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #ahead = new Map<string, Promise<ShpWithPass>>();

  /** Starts reading `shpPath` after what is already queued; {@link read} takes the result. */
  readAhead(shpPath: string): void {
    if (this.#ahead.has(shpPath)) return;
    const p = this.#enqueue(shpPath);
    p.catch(() => {}); // surfaces when read
    this.#ahead.set(shpPath, p);
  }

  /** The geometry of `shpPath` with its pass: read ahead, or read now on the thread. */
  async read(shpPath: string): Promise<ShpWithPass> {
    const p = this.#ahead.get(shpPath) ?? this.#enqueue(shpPath);
    this.#ahead.delete(shpPath);
    try {
      return await p;
    } catch (e) {
      // The reader's message as the in-thread reader would give it.
      if (e instanceof JobError) throw new Error(e.message);
      throw e;
    }
  }

  /** Files read ahead and not yet taken. */
  get waiting(): number {
    return this.#ahead.size;
  }

  /** Stops the thread (what was read ahead and not taken is dropped). */
  close(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#ahead.clear();
  }

  #enqueue(shpPath: string): Promise<ShpWithPass> {
    this.#worker ??= new JobWorker<string, ShpWithPass>(WORKER);
    const w = this.#worker;
    const p = this.#queue.then(() => w.run(shpPath, shpPath));
    this.#queue = p.catch(() => {});
    return p;
  }
}

/**
 * Where a Shapefile's geometry is read: on a worker started for it, on this thread, by size
 * (`auto`), or on a kept {@link ShpThread}.
 */
export type GeometryThread = "auto" | "worker" | "here" | ShpThread;

/** A `readGeometry` for `readShapefile`: `auto` uses a worker from {@link OFF_THREAD_MIN_BYTES} on. */
export function shpReader(where: GeometryThread = "auto"): (shpPath: string) => Promise<ShpWithPass> {
  if (where instanceof ShpThread) return (shpPath) => where.read(shpPath);
  return async (shpPath) => {
    const big = where === "auto" && (await Deno.stat(shpPath)).size >= OFF_THREAD_MIN_BYTES;
    return where === "worker" || big ? await readShpOffThread(shpPath) : await readShpHere(shpPath);
  };
}
