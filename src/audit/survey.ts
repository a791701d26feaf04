/**
 * The audit's survey source over files: a data folder holding one folder per county with its
 * survey years (`DLTB_2019.shp` … `DLTB_2024.shp`, or .geojson/.fgb), the permanent basic
 * farmland layer and the constraint layers named in the configuration (已建高标准农田, 坡度大于25度,
 * 河湖管理范围). Surveys load on first use (through {@link loadParcels}, so every reader, encoding
 * and CRS rule of the workspace applies); layers are brought into the survey's CRS.
 *
 * Zone areas follow DOMAIN.md §3: a parcel's area inside a layer is reported as
 * `TBDLMJ × planar(overlap) / planar(parcel)`, never as a raw planar area.
 *
 * @example
 * ```ts
 * const src = await fileSurvey("data/demo", cfg.audit);
 * src.years(); // Map { "900101" => [2019, …, 2024], … }
 * ```
 * @module
 */
// @ts-types="@types/d3-array"
import { rollup } from "d3-array";
import { loadParcels } from "../ingest/load.ts";
import type { ParcelTable } from "../ingest/parcel_table.ts";
import { readConstraintLayer } from "../screen/layers.ts";
import { createOverlay, localOrigin } from "../geom/overlay.ts";
import { clusterByDistance } from "../geom/cluster.ts";
import type { AuditThresholds } from "./config.ts";
import type { SurveyRow, SurveySource, ZoneAreas } from "./types.ts";
import type { PolygonColumn } from "../geom/types.ts";
import { exists } from "../io/exists.ts";

const SURVEY_FILE = /^DLTB_(\d{4})\.(shp|geojson|json|fgb)$/i;
const LAYER_EXTS = ["shp", "geojson", "json", "fgb"];
type ZoneKey = "slope" | "flood" | "pbf" | "hsf";
const ZONES: ZoneKey[] = ["slope", "flood", "pbf", "hsf"];

interface LoadedSurvey {
  table: ParcelTable;
  rowOf: Map<string, number>;
}


/** Survey files of a data folder: county folder → year → path. */
export async function findSurveyFiles(dir: string): Promise<Map<string, Map<number, string>>> {
  const out = new Map<string, Map<number, string>>();
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch {
    throw new Error(`找不到数据目录“${dir}”`);
  }
  for (const e of entries.filter((x) => x.isDirectory).sort((a, b) => a.name.localeCompare(b.name))) {
    const years = new Map<number, string>();
    for await (const f of Deno.readDir(`${dir}/${e.name}`)) {
      const m = SURVEY_FILE.exec(f.name);
      if (f.isFile && m && !years.has(Number(m[1]))) years.set(Number(m[1]), `${dir}/${e.name}/${f.name}`);
    }
    if (years.size) out.set(e.name, new Map([...years].sort((a, b) => a[0] - b[0])));
  }
  return out;
}

/**
 * A {@link SurveySource} over a data folder. County folders are those holding `DLTB_<year>.*`
 * files; the folder name is the county code.
 */
export async function fileSurvey(dir: string, t: AuditThresholds): Promise<SurveySource> {
  const files = await findSurveyFiles(dir);
  const notes: string[] = [];
  const loaded = new Map<string, Promise<LoadedSurvey>>();
  const layers = new Map<string, Promise<Record<ZoneKey, PolygonColumn | null>>>();

  const survey = (county: string, year: number): Promise<LoadedSurvey> => {
    const key = `${county}/${year}`;
    let p = loaded.get(key);
    if (!p) {
      const path = files.get(county)?.get(year);
      if (!path) throw new Error(`没有 ${county} 县 ${year} 年度的调查图斑`);
      p = loadParcels([path], { progress: false }).then(({ table }) => {
        const rowOf = new Map<string, number>();
        for (let k = 0; k < table.length; k++) {
          const b = table.text.BSM[k];
          if (b) rowOf.set(b, k);
        }
        return { table, rowOf };
      });
      loaded.set(key, p);
    }
    return p;
  };

  const zoneLayers = (county: string, s: LoadedSurvey) => {
    let p = layers.get(county);
    if (!p) {
      p = (async () => {
        const out = {} as Record<ZoneKey, PolygonColumn | null>;
        for (const z of ZONES) {
          const rel = t.layers[z];
          let found: string | null = null;
          for (const ext of LAYER_EXTS) {
            if (await exists(`${dir}/${county}/${rel}.${ext}`)) {
              found = `${dir}/${county}/${rel}.${ext}`;
              break;
            }
          }
          if (!found) {
            notes.push(`${county} 县缺少图层“${rel}”：相关面积按记录表或视为未知`);
            out[z] = null;
            continue;
          }
          out[z] = (await readConstraintLayer(found, s.table.crs!)).geometry;
        }
        return out;
      })();
      layers.set(county, p);
    }
    return p;
  };

  return {
    years() {
      return new Map([...files].map(([c, y]) => [c, [...y.keys()]]));
    },
    async rows(bsms) {
      const out: SurveyRow[] = [];
      for (const [county, years] of files) {
        for (const year of years.keys()) {
          const { table, rowOf } = await survey(county, year);
          for (const b of bsms) {
            const k = rowOf.get(b);
            if (k === undefined) continue;
            const nz = (v: number) => (Number.isNaN(v) ? null : v);
            out.push({
              county: table.text.county[k] ?? county,
              year,
              bsm: b,
              dlbm: table.text.DLBM[k] ?? "",
              class4: table.text.class4[k] ?? table.text.DLBM[k] ?? "",
              zzsx: table.text.ZZSXDM[k],
              tbxh: table.text.TBXHDM[k],
              tbdlmj: Number.isNaN(table.num.TBDLMJ[k]) ? 0 : table.num.TBDLMJ[k],
              gddb: nz(table.num.GDDB[k]),
              gdpdjb: nz(table.num.GDPDJB[k]),
            });
          }
        }
      }
      return out;
    },
    async zoneAreas(county, year, bsms) {
      const s = await survey(county, year);
      const g = s.table.geometry;
      const zl = g ? await zoneLayers(county, s) : null;
      const out: ZoneAreas[] = bsms.map((bsm) => ({
        bsm,
        slopeM2: null,
        floodM2: null,
        pbfM2: null,
        hsfM2: null,
      }));
      if (!g || !zl) return out;
      const ov = await createOverlay({ origin: localOrigin(g) });
      try {
        for (const z of ZONES) {
          const col = zl[z];
          if (!col) continue;
          const set = ov.unionLayer(col);
          for (const r of out) {
            const k = s.rowOf.get(r.bsm);
            if (k === undefined) continue;
            const planar = s.table.num.planar_m2[k];
            const inside = planar > 0 ? ov.overlapArea(g, k, set) / planar : 0;
            const v = Math.min(1, inside) * (Number.isNaN(s.table.num.TBDLMJ[k]) ? 0 : s.table.num.TBDLMJ[k]);
            if (z === "slope") r.slopeM2 = v;
            else if (z === "flood") r.floodM2 = v;
            else if (z === "pbf") r.pbfM2 = v;
            else r.hsfM2 = v;
          }
        }
      } finally {
        ov.dispose();
      }
      return out;
    },
    async patches(county, year, bsms, gapM) {
      const s = await survey(county, year);
      const rows = bsms.map((b) => s.rowOf.get(b)).filter((k): k is number => k !== undefined);
      const missing = bsms.filter((b) => !s.rowOf.has(b)).map((b) => [b]);
      if (!s.table.geometry || rows.length === 0) {
        return [...rows.map((k) => [s.table.text.BSM[k]!]), ...missing];
      }
      const { clusterOf } = clusterByDistance(s.table.geometry, rows, gapM);
      const groups = rollup(rows, (v) => v.map((k) => s.table.text.BSM[k]!), (k) => clusterOf[k]);
      return [...groups.values(), ...missing];
    },
    notes() {
      return [
        `调查图斑：${files.size} 个县，${[...files.values()].reduce((n, y) => n + y.size, 0)} 个年度文件`,
        ...notes,
      ];
    },
  };
}
