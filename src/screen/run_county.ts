/**
 * One county's screening from files to files: load the survey, read the constraint layers,
 * screen, write every output (CSV, GeoJSON, XLSX and Parquet) into `out`. The single-county
 * `screen` and each worker of a province run share it; only a small summary comes back.
 *
 * @example
 * ```ts
 * const s = await screenCountyFiles({ dltb: "900101/DLTB_2024.shp", constraints: "900101/constraints", out: "out/900101", params });
 * s.pieces; // number of potential pieces
 * ```
 * @module
 */
import { loadParcels } from "../ingest/load.ts";
import type { GeometryThread } from "../ingest/shp_thread.ts";
import { releaseTable } from "../ingest/parcel_table.ts";
import { loadGeos } from "../geom/geos.ts";
import { formatReport } from "../ingest/report.ts";
import { parseCrs } from "../io/crs.ts";
import { makeAdminNamer } from "../units/admin.ts";
import { readConstraintDir } from "./layers.ts";
import { writeScreenOutputs } from "./outputs.ts";
import { screenParcels } from "./screen.ts";
import { CONTIG_CLASSES, type ContigClass, type ScreenParams } from "./types.ts";

/** What to screen and where to write. */
export interface CountyScreenJob {
  dltb: string;
  constraints: string;
  out: string;
  params: ScreenParams;
  /** CRS for files without one. */
  crs?: string;
  /** Admin unit names (code → name). */
  names?: Record<string, string>;
  wgs84?: boolean;
  /** Where the survey's geometry is read (see `loadParcels`; default by its size). */
  geometryThread?: GeometryThread;
  /** Progress on the terminal (the single-county command; workers stay quiet). */
  progress?: boolean;
}

/** What comes back: enough to print and to check, not the pieces. */
export interface CountyScreenSummary {
  out: string;
  /** The load report as text, when it found problems (printed by the caller). */
  loadReport: string | null;
  candidates: { count: number; tbmjM2: number };
  layers: number;
  pieces: number;
  classes: Record<ContigClass, { count: number; areaM2: number }>;
  ledger: { candidateM2: number; keptM2: number; removedM2: number; droppedM2: number };
  /** Seconds per stage (load, layers, screen, write). */
  times: Record<string, number>;
}

/** Screens one county and writes its outputs into `job.out` (atomically). */
export async function screenCountyFiles(job: CountyScreenJob): Promise<CountyScreenSummary> {
  const times: Record<string, number> = {};
  let t = performance.now();
  const lap = (k: string) => {
    const n = performance.now();
    times[k] = Math.round(n - t) / 1000;
    t = n;
  };
  // GEOS compiles while the survey is read (its module is loaded once per thread).
  loadGeos().catch(() => {});
  // The parcel table is only reachable inside this step: while the outputs are written it is garbage.
  const { result, report, errors, crs, layerNames } = await (async () => {
    const { table, report } = await loadParcels([job.dltb], { crs: job.crs, progress: !!job.progress, geometryThread: job.geometryThread });
    const errors = Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0);
    lap("load");
    const layers = await readConstraintDir(job.constraints, table.crs!, job.crs ? parseCrs(job.crs) : null);
    lap("layers");
    const result = await screenParcels(table, layers, job.params, { progress: !!job.progress });
    // What the input policy allowed and left out goes with the results.
    result.notes.push(...(report.notes ?? []));
    lap("screen");
    const crs = table.crs!;
    releaseTable(table); // its memory back before the outputs (and DuckDB for the Parquet) take theirs
    return { result, report, errors, crs, layerNames: layers.map((l) => l.name) };
  })();
  const namer = makeAdminNamer({ xzq: new Map(Object.entries(job.names ?? {})) });
  await writeScreenOutputs(job.out, result, crs, {
    layerNames,
    townshipName: (c) => namer.name(c),
    wgs84: !!job.wgs84,
  });
  lap("write");
  const classes = Object.fromEntries(CONTIG_CLASSES.map((c) => [c, { ...result.classes[c] }])) as CountyScreenSummary["classes"];
  const l = result.ledger;
  return {
    out: job.out,
    loadReport: errors ? formatReport(report) : null,
    candidates: { count: result.candidates.count, tbmjM2: result.candidates.tbmjM2 },
    layers: layerNames.length,
    pieces: result.pieces.length,
    classes,
    ledger: { candidateM2: l.candidateM2, keptM2: l.keptM2, removedM2: l.removedM2, droppedM2: l.droppedM2 },
    times,
  };
}
