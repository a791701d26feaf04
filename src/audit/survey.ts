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
import { group, rollup } from "d3-array";
import { loadParcels } from "../ingest/load.ts";
import { GarbageBudget } from "../threads/gc.ts";
import type { ParcelTable } from "../ingest/parcel_table.ts";
import { readConstraintLayer } from "../screen/layers.ts";
import { createOverlay, localOrigin } from "../geom/overlay.ts";
import { clusterByDistance } from "../geom/cluster.ts";
import type { AuditThresholds } from "./config.ts";
import type { SurveyRow, SurveySource, SurveyTrace, ZoneAreas } from "./types.ts";
import type { Crs } from "../io/crs.ts";
import { createLineage, type Lineage, traceText } from "../lineage/trace.ts";
import type { PolygonColumn } from "../geom/types.ts";
import { exists } from "../io/exists.ts";
import { checkedCountyFolders, foldersFromSurveyFiles, SURVEY_FILE } from "../ingest/county_folder.ts";

const LAYER_EXTS = ["shp", "geojson", "json", "fgb"];
export type ZoneKey = "slope" | "flood" | "pbf" | "hsf";
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
  // Every county has every year the province has (else an input error; under --allow
  // missing_layer that county's surveys are left out, said in the headline).
  const everything = await findSurveyFiles(dir);
  const checked = checkedCountyFolders(foldersFromSurveyFiles([...everything.values()].flatMap((y) => [...y.values()])));
  const kept = new Set(checked.folders.map((f) => f.county));
  const files = new Map([...everything].filter(([county]) => kept.has(county)));
  const loaders = new Map([...files].map(([county, years]) => [
    county,
    new Map([...years].map(([year, path]) => [year, () => loadParcels([path], { progress: false }).then((r) => r.table)])),
  ]));
  return tableSurvey(loaders, async (county, zone, crs) => {
    const rel = t.layers[zone];
    for (const ext of LAYER_EXTS) {
      const path = `${dir}/${county}/${rel}.${ext}`;
      if (await exists(path)) return (await readConstraintLayer(path, crs)).geometry;
    }
    return `${county} 县缺少图层“${rel}”：相关面积按记录表或视为未知`;
  }, [`调查图斑：${files.size} 个县，${[...files.values()].reduce((n, y) => n + y.size, 0)} 个年度文件`, ...checked.notes].join("；"));
}

/** A zone layer of a county in the survey's CRS, or the note saying it is missing. */
export type ZoneLayerSource = (county: string, zone: ZoneKey, crs: Crs) => Promise<PolygonColumn | null | string>;

/**
 * A {@link SurveySource} over survey tables (county → year → loader). A BSM asked for that is
 * gone from a later survey of its county is traced there from the last survey that has it, by
 * the shared parcel lineage (src/lineage): when its land is held by re-numbered parcels, the
 * source gives a row for it in that year with the class of the parcels holding it (farmland
 * only when all of its land is) and the trace in `trace`; when nothing holds it, no row, and
 * the trace (待核实) is listed by `traces()`. It keeps the surveys of at most `holdParcels`
 * parcels (default 150,000; the county in use always), letting go of the counties used least
 * recently, and reads a county again when it is asked for after that.
 */
export function tableSurvey(
  tables: Map<string, Map<number, () => Promise<ParcelTable>>>,
  zoneLayer: ZoneLayerSource,
  headline: string,
  opts: { holdParcels?: number } = {},
): SurveySource {
  const files = tables;
  const notes: string[] = [];
  const traces: SurveyTrace[] = [];
  const loaded = new Map<string, Promise<LoadedSurvey>>();
  const layers = new Map<string, Promise<Record<ZoneKey, PolygonColumn | null>>>();

  // Surveys (and zone layers) are kept for at most `holdParcels` parcels: once a load goes over,
  // the counties used least recently are let go, so a province's audit holds about one large
  // county (or several small ones) however many there are. Callers go county by county. The
  // garbage is collected once 100,000 parcels have been let go (GarbageBudget).
  const holdParcels = opts.holdParcels ?? 150_000;
  const heldBy = new Map<string, number>(); // county → parcels held, least recently used first
  const budget = new GarbageBudget(100_000);
  const use = (county: string) => {
    const n = heldBy.get(county) ?? 0;
    heldBy.delete(county);
    heldBy.set(county, n);
  };
  const letGoBeyondLimit = async (keep: string) => {
    let total = [...heldBy.values()].reduce((a, b) => a + b, 0);
    for (const [county, n] of heldBy) {
      if (total <= holdParcels) break;
      if (county === keep) continue;
      heldBy.delete(county);
      for (const k of [...loaded.keys()]) if (k.startsWith(`${county}/`)) loaded.delete(k);
      layers.delete(county);
      total -= n;
      await budget.release(n);
    }
  };
  const survey = (county: string, year: number): Promise<LoadedSurvey> => {
    use(county);
    const key = `${county}/${year}`;
    let p = loaded.get(key);
    if (!p) {
      const load = files.get(county)?.get(year);
      if (!load) throw new Error(`没有 ${county} 县 ${year} 年度的调查图斑`);
      p = load().then(async (table) => {
        heldBy.set(county, (heldBy.get(county) ?? 0) + table.length);
        await letGoBeyondLimit(county);
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
          const got = await zoneLayer(county, z, s.table.crs!);
          if (typeof got === "string") notes.push(got);
          out[z] = typeof got === "string" ? null : got;
        }
        return out;
      })();
      layers.set(county, p);
    }
    return p;
  };

  const rowAt = (table: ParcelTable, k: number, county: string, year: number, bsm: string): SurveyRow => {
    const nz = (v: number) => (Number.isNaN(v) ? null : v);
    return {
      county: table.text.county[k] ?? county,
      year,
      bsm,
      dlbm: table.text.DLBM[k] ?? "",
      class4: table.text.class4[k] ?? table.text.DLBM[k] ?? "",
      zzsx: table.text.ZZSXDM[k],
      tbxh: table.text.TBXHDM[k],
      tbdlmj: Number.isNaN(table.num.TBDLMJ[k]) ? 0 : table.num.TBDLMJ[k],
      gddb: nz(table.num.GDDB[k]),
      gdpdjb: nz(table.num.GDPDJB[k]),
    };
  };

  /**
   * Rows for BSMs gone from later surveys of their county, traced from their last survey: worked
   * out county by county (one county's lineages at a time), given in BSM order.
   */
  const traced = async (found: { row: SurveyRow; folder: string }[]): Promise<SurveyRow[]> => {
    const last = new Map<string, { row: SurveyRow; folder: string }>();
    for (const f of found) if ((last.get(f.row.bsm)?.row.year ?? -1) < f.row.year) last.set(f.row.bsm, f);
    const byBsm = new Map<string, { traces: SurveyTrace[]; rows: SurveyRow[] }>();
    const byCounty = group([...last], ([, f]) => f.folder);
    for (const county of [...byCounty.keys()].sort()) {
      const lineages = new Map<string, { lineage: Lineage; cur: ParcelTable; dispose: () => void }>();
      try {
        for (const [bsm, { row: r }] of byCounty.get(county)!) {
          const got = { traces: [] as SurveyTrace[], rows: [] as SurveyRow[] };
          byBsm.set(bsm, got);
          for (const year of [...(files.get(county)?.keys() ?? [])].filter((y) => y > r.year)) {
            const key = `${r.year}/${year}`;
            let l = lineages.get(key);
            if (!l) {
              const prev = (await survey(county, r.year)).table, cur = (await survey(county, year)).table;
              const ov = prev.geometry && cur.geometry ? await createOverlay({ origin: localOrigin(prev.geometry) }) : null;
              l = { lineage: createLineage(prev, cur, ov), cur, dispose: () => ov?.dispose() };
              lineages.set(key, l);
            }
            const t = l.lineage.traceBsm(bsm);
            if (!t || t.how === "bsm") continue;
            const text = traceText(t, bsm, year);
            got.traces.push({ county: r.county, bsm, fromYear: r.year, year, how: t.how, text });
            if (t.how === "none") continue;
            const farm = t.descendants.filter((d) => d.code.startsWith("01"));
            const farmShare = farm.reduce((s, d) => s + d.share, 0);
            const pool = farmShare >= 1 - 1e-3 ? farm : t.descendants.filter((d) => !d.code.startsWith("01"));
            const main = pool.reduce((a, d) => (d.share > a.share ? d : a));
            const row = rowAt(l.cur, main.row, county, year, bsm);
            got.rows.push({ ...row, county: r.county, tbdlmj: r.tbdlmj, trace: text });
          }
        }
      } finally {
        for (const l of lineages.values()) l.dispose();
      }
    }
    const out: SurveyRow[] = [];
    for (const bsm of [...byBsm.keys()].sort((a, b) => a.localeCompare(b))) {
      const got = byBsm.get(bsm)!;
      traces.push(...got.traces);
      out.push(...got.rows);
    }
    return out;
  };

  return {
    years() {
      return new Map([...files].map(([c, y]) => [c, [...y.keys()]]));
    },
    async rows(bsms) {
      const found: { row: SurveyRow; folder: string }[] = [];
      for (const [county, years] of files) {
        for (const year of years.keys()) {
          const { table, rowOf } = await survey(county, year);
          for (const b of bsms) {
            const k = rowOf.get(b);
            if (k !== undefined) found.push({ row: rowAt(table, k, county, year, b), folder: county });
          }
        }
      }
      return [...found.map((f) => f.row), ...await traced(found)];
    },
    traces() {
      return [...traces];
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
      const n = traces.filter((x) => x.how === "overlap").length, lost = traces.filter((x) => x.how === "none").length;
      return [
        headline,
        ...(traces.length
          ? [`图斑追溯：${n} 个图斑在后来的调查中已重新编号（拆分、合并或几何变更），按叠加追溯到新图斑${lost ? `；${lost} 个图斑未找到对应图斑，列为待核实` : ""}`]
          : []),
        ...notes,
      ];
    },
  };
}
