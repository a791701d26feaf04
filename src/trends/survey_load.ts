/**
 * Loading half of the survey trends: the DLTB_<year> files of a folder (directly or one
 * subfolder per county), each file loaded through the workspace loader into a canonical table
 * (one CRS for all years), each county folder's unstable-farmland layers overlaid on its
 * farmland, and each file handed on column-wise for DuckDB ({@link sumTrendPart}) before the
 * next is read.
 *
 * @example
 * ```ts
 * const found = await findSurveyFiles("data/demo"); // Map { 2019 => [".../900101/DLTB_2019.shp", …], … }
 * const parts: SurveyPart[] = [];
 * const c = await collectSurveyYears(found, [2019, 2024], { abandonedBsm: new Set() }, async (p) => {
 *   parts.push(p);
 * });
 * ```
 * @module
 */
import { followBsms } from "../lineage/trace.ts";
import { readBsmList as readSharedBsmList } from "../ingest/bsm_list.ts";
import { createOverlay, localOrigin } from "../geom/overlay.ts";
import type { ParcelTable } from "../ingest/parcel_table.ts";
// @ts-types="@types/d3-array"
import { range, rollup } from "d3-array";
import { loadParcels } from "../ingest/load.ts";
import { GarbageBudget } from "../threads/gc.ts";
import { SURVEY_FILE } from "../ingest/county_folder.ts";
import { type Crs, parseCrs } from "../io/crs.ts";
import {
  type LayerShares,
  layerShares,
  readLayerFiles,
  readUnstableLayers,
  type UnstableLayer,
} from "./unstable_layers.ts";
import { emptyParcelColumns, type TrendLayerColumns, type TrendParcelColumns } from "./sql.ts";


/** Finds DLTB_<year> files in a folder and its immediate subfolders, grouped by year. */
export async function findSurveyFiles(dir: string): Promise<Map<number, string[]>> {
  const found: { year: number; path: string }[] = [];
  const scan = async (d: string, depth: number) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(d)];
    } catch {
      if (depth === 0) throw new Error(`找不到数据目录：${d}`);
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const m = SURVEY_FILE.exec(e.name);
      if (e.isFile && m) found.push({ year: Number(m[1]), path: `${d}/${e.name}` });
      else if (e.isDirectory && depth === 0 && e.name !== "constraints") await scan(`${d}/${e.name}`, 1);
    }
  };
  await scan(dir.replace(/\/+$/, ""), 0);
  const byYear = rollup(found, (v) => v.map((f) => f.path), (f) => f.year);
  return new Map([...byYear].sort((a, b) => a[0] - b[0]));
}

/** A field survey's list of abandoned parcels (the shared BSM-list reader), as a set. */
export async function readBsmList(path: string): Promise<Set<string>> {
  return new Set(await readSharedBsmList(path));
}

const folderOf = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf("/"))) || ".";

/** Options of {@link collectSurveyYears}. */
export interface CollectOptions {
  /** BSM of parcels a field survey found abandoned. */
  abandonedBsm: ReadonlySet<string>;
  /** Extra unstable layers for every county. */
  layerFiles?: string[];
  /** Read `<county folder>/constraints` (default true). */
  layersFromConstraints?: boolean;
  /** CRS for files without one. */
  crs?: string;
  log?: (message: string) => void;
}

/** One county file's columns, ready for DuckDB. */
export interface SurveyPart {
  year: number;
  path: string;
  cols: TrendParcelColumns;
  lcols: TrendLayerColumns;
}

/** What {@link collectSurveyYears} gathers besides the parts. */
export interface CollectedSurvey {
  files: string[];
  crs: Crs;
  layers: { folder: string; name: string; kind: string; source: string }[];
  /** How listed abandoned parcels re-numbered by a later survey were traced, and listed BSMs found nowhere. */
  notes: string[];
}

/**
 * Loads every county file, county by county and year by year within a county, overlays the
 * layers, and hands each file's columns to `part` before the next file is read: a province's
 * trends hold one county's parcels (and its previous year, to trace re-numbered parcels) at a
 * time, whatever the number of counties.
 */
export async function collectSurveyYears(
  found: ReadonlyMap<number, string[]>,
  years: number[],
  o: CollectOptions,
  part: (p: SurveyPart) => Promise<void>,
): Promise<CollectedSurvey> {
  const log = o.log ?? (() => {});
  // The listing follows a listed parcel re-numbered by a later survey (src/lineage).
  const abandonedBsm = new Set(o.abandonedBsm);
  const notes: string[] = [];
  const seen = new Set<string>();
  const layerInfo = new Map<string, { folder: string; name: string; kind: string; source: string }>();
  let crs: Crs | null = null;
  const sorted = [...years].sort((a, b) => a - b);
  const budget = new GarbageBudget(100_000); // parcels let go between two collections
  let fileIndex = 0;
  const files = sorted.flatMap((y) => found.get(y)!); // listed year by year
  const folders = [...new Set(sorted.flatMap((y) => found.get(y)!.map(folderOf)))];
  for (const folder of folders) {
    const t0 = performance.now();
    let prev: ParcelTable | null = null, parcels = 0;
    let own: UnstableLayer[] | undefined;
    for (const year of sorted) {
      for (const path of found.get(year)!.filter((p) => folderOf(p) === folder)) {
        const { table } = await loadParcels([path], {
          progress: false,
          crs: o.crs,
          targetCrs: crs ? crsText(crs) : undefined,
        });
        if (!crs) crs = table.crs ?? null;
        if (abandonedBsm.size) {
          if (prev) {
            const ov = prev.geometry && table.geometry ? await createOverlay({ origin: localOrigin(prev.geometry) }) : null;
            try {
              const f = followBsms(abandonedBsm, prev, table, ov, year);
              for (const [b] of f.added) abandonedBsm.add(b);
              for (const t of f.texts) notes.push(`撂荒核查清单：${t}${f.added.size ? "，清单随新图斑延续" : ""}`);
            } finally {
              ov?.dispose();
            }
          }
          for (let i = 0; i < table.length; i++) if (table.text.BSM[i] != null) seen.add(table.text.BSM[i]!);
          prev = table;
        }
        const extra = o.layerFiles?.length && table.crs
          ? await readLayerFiles(o.layerFiles, table.crs, o.crs ? parseCrs(o.crs) : null)
          : [];
        own ??= o.layersFromConstraints === false || !table.crs ? [] : await readUnstableLayers(
          `${folder}/constraints`,
          table.crs,
          o.crs ? parseCrs(o.crs) : null,
        );
        const layers = [...own, ...extra];
        for (const l of layers) {
          layerInfo.set(`${folder}|${l.name}`, { folder, name: l.name, kind: l.kind, source: l.source });
        }
        await part({ year, path, ...await partColumns(table, year, fileIndex++, layers, abandonedBsm) });
        parcels += table.length;
      }
    }
    prev = null;
    await budget.release(parcels); // this county's tables, before the next county's are read
    log(`${folder}：${parcels} 个图斑（${sorted.join("、")} 年），${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
  }
  if (!crs) throw new Error("输入没有几何，无法计算耕地重心（需要带坐标的图斑图层）");
  const nowhere = [...o.abandonedBsm].filter((b) => !seen.has(b)).sort();
  if (nowhere.length) {
    notes.push(`撂荒核查清单中 ${nowhere.length} 个 BSM 在所有年度的调查图斑中都不存在，未计入撂荒：${nowhere.slice(0, 20).join("、")}${nowhere.length > 20 ? " 等" : ""}`);
  }
  return { files, crs, layers: [...layerInfo.values()], notes };
}

/** One loaded file's parcels and layer shares as the columns of the trend tables (keys `<file>:<row>`). */
async function partColumns(
  table: ParcelTable,
  year: number,
  file: number,
  layers: UnstableLayer[],
  abandonedBsm: ReadonlySet<string>,
): Promise<{ cols: TrendParcelColumns; lcols: TrendLayerColumns }> {
  const cols = emptyParcelColumns();
  const lcols: TrendLayerColumns = { pkey: [], layer: [], frac: [] };
  const farmland = range(table.length).filter((i) => table.isFarmland[i]);
  const union = new Float64Array(table.length);
  if (layers.length && farmland.length) {
    const s: LayerShares = await layerShares(table, layers, farmland);
    farmland.forEach((k, j) => {
      union[k] = s.union[j];
      for (const [name, arr] of s.perLayer) {
        if (arr[j] > 0) {
          lcols.pkey.push(`${file}:${k}`);
          lcols.layer.push(name);
          lcols.frac.push(arr[j]);
        }
      }
    });
  }
  for (let i = 0; i < table.length; i++) {
    cols.pkey.push(`${file}:${i}`);
    cols.year.push(year);
    cols.province.push(table.text.province[i]);
    cols.county.push(table.text.county[i]);
    cols.bsm.push(table.text.BSM[i]);
    cols.isFarmland.push(table.isFarmland[i] === 1);
    cols.tbdlmj.push(table.num.TBDLMJ[i]);
    cols.gddb.push(table.num.GDDB[i]);
    cols.gdpdjb.push(table.num.GDPDJB[i]);
    cols.tbxhdm.push(table.text.TBXHDM[i]);
    const bsm = table.text.BSM[i];
    cols.abandoned.push(
      (table.text.ZZSXDM[i] ?? "").trim().toUpperCase() === "WG" || (bsm != null && abandonedBsm.has(bsm)),
    );
    cols.cx.push(table.num.cx[i]);
    cols.cy.push(table.num.cy[i]);
    cols.layerUnion.push(union[i]);
  }
  return { cols, lcols };
}

function crsText(crs: Crs): string {
  return crs.epsg ? `EPSG:${crs.epsg}` : crs.proj4;
}
