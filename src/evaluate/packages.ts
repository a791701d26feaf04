/**
 * Field-verification packages (外业核实底图与任务, DOMAIN.md §4.5): per township one folder with
 * the base map as Shapefile (parcels' CRS, GBK DBF with Chinese field names of ≤ 10 bytes) and
 * as GeoJSON (CGCS2000 longitude/latitude, EPSG:4490, for phone apps and web maps), the form
 * 核实表.xlsx (one row per piece, empty columns for every indicator and photo, a 说明 sheet with
 * the indicator system id and version) and the task list 任务清单.xlsx; at the top a 任务总表.xlsx
 * (township × class) and manifest.json. The whole folder is written atomically.
 *
 * Folder layout:
 * ```
 * OUT/任务总表.xlsx, OUT/manifest.json
 * OUT/<乡镇代码>_<乡镇名称>/底图.shp|.shx|.dbf|.prj|.cpg, 底图.geojson, 核实表.xlsx, 任务清单.xlsx
 * ```
 *
 * @example
 * ```ts
 * const summary = await exportPackages(result.pieces, crs, "out/核实任务", { system });
 * summary.townships[0].folder; // "900101100_城关镇"
 * ```
 * @module
 */
// @ts-types="@types/d3-array"
import { group } from "d3-array";
import type { Cell, FieldDef } from "../io/layer.ts";
import { CGCS2000_GEOGRAPHIC, type Crs, crsToEsriWkt, reprojectColumn } from "../io/crs.ts";
import { writeShapefile } from "../io/shp.ts";
import { writeGeoJSON } from "../io/geojson.ts";
import { encodeXlsx, type XlsxSheet } from "../io/xlsx_write.ts";
import { assertReplaceable, type ReportFiles, writeReportDir } from "../io/report_dir.ts";
import { polygonColumnFromRings } from "../geom/types.ts";
import { adminName } from "../units/admin.ts";
import { landClassName } from "../units/landclass.ts";
import { CONTIG_CLASSES, type ScreenPiece } from "../screen/types.ts";
import { CLASS_DUTIES, CLASS_LABELS } from "./labels.ts";
import type { IndicatorSystem } from "./system.ts";
import { DEFAULT_PHOTO_RULES, type PhotoRules } from "./photos.ts";
import { formSheets, mu2, taskListSheets, taskOrder, type TaskRow } from "./form.ts";

/** Options of {@link exportPackages}. */
export interface ExportOptions {
  /** The system whose indicators the form asks for (its id/version go into 说明 and manifest). */
  system: IndicatorSystem;
  /** Photo rules stated in 说明 (defaults {@link DEFAULT_PHOTO_RULES}). */
  rules?: Partial<PhotoRules>;
  /** Names of township/village codes (e.g. an AdminNamer's `name`); default: the national registry. */
  name?: (code: string) => string | null;
}

/** One township's package. */
export interface TownshipPackage {
  code: string | null;
  name: string | null;
  folder: string;
  pieces: number;
  areaM2: number;
}

/** What {@link exportPackages} wrote. */
export interface ExportSummary {
  systemId: string;
  systemVersion: string;
  pieces: number;
  townships: TownshipPackage[];
}

/** DBF fields of the base map: names ≤ 10 bytes in GBK (a Chinese character is 2 bytes). */
export const BASEMAP_FIELDS: readonly FieldDef[] = Object.freeze([
  { name: "序号", type: "N", length: 6, decimals: 0 },
  { name: "BSM", type: "C", length: 30, decimals: 0 },
  { name: "部件号", type: "N", length: 4, decimals: 0 },
  { name: "图斑类别", type: "C", length: 30, decimals: 0 },
  { name: "核实要求", type: "C", length: 10, decimals: 0 },
  { name: "面积（亩）", type: "N", length: 14, decimals: 2 },
  { name: "面积平方米", type: "N", length: 16, decimals: 2 },
  { name: "地类编码", type: "C", length: 6, decimals: 0 },
  { name: "地类名称", type: "C", length: 40, decimals: 0 },
  { name: "种植属性", type: "C", length: 8, decimals: 0 },
  { name: "乡镇代码", type: "C", length: 12, decimals: 0 },
  { name: "乡镇名称", type: "C", length: 60, decimals: 0 },
  { name: "村代码", type: "C", length: 19, decimals: 0 },
  { name: "村名", type: "C", length: 60, decimals: 0 },
  { name: "来源", type: "C", length: 40, decimals: 0 },
  { name: "连片编号", type: "N", length: 9, decimals: 0 },
]);

function attributes(rows: readonly TaskRow[]): Record<string, Cell[]> {
  const col = (f: (r: TaskRow) => Cell) => rows.map(f);
  return {
    序号: col((r) => r.seq),
    BSM: col((r) => r.bsm),
    部件号: col((r) => r.part),
    图斑类别: col((r) => CLASS_LABELS[r.cls]),
    核实要求: col((r) => r.duty),
    "面积（亩）": col((r) => mu2(r.areaM2)),
    面积平方米: col((r) => Math.round(r.areaM2 * 100) / 100),
    地类编码: col((r) => r.dlbm),
    地类名称: col((r) => r.dlmc),
    种植属性: col((r) => r.zzsxdm),
    乡镇代码: col((r) => r.township),
    乡镇名称: col((r) => r.townshipName),
    村代码: col((r) => r.village),
    村名: col((r) => r.villageName),
    来源: col((r) => r.source),
    连片编号: col((r) => (r.cluster >= 0 ? r.cluster : null)),
  };
}

/** A folder name safe on Windows and Linux. */
function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 80) || "_";
}

/**
 * Groups pieces into townships with their task rows in task order (pure).
 *
 * @example
 * ```ts
 * const groups = townshipTasks(pieces, (c) => ({ "900101100": "城关镇" })[c] ?? null);
 * groups[0].rows[0].duty; // "重点核实"
 * ```
 */
export function townshipTasks(
  pieces: readonly ScreenPiece[],
  name: (code: string) => string | null = adminName,
): { code: string | null; name: string | null; folder: string; rows: TaskRow[] }[] {
  const groups = group(pieces, (p) => p.township ?? "");
  const safeNameOf = (code: string | null) => {
    if (!code) return null;
    try {
      return name(code);
    } catch {
      return null;
    }
  };
  return [...groups.keys()].sort().map((k) => {
    const code = k === "" ? null : k;
    const tname = safeNameOf(code);
    const rows: TaskRow[] = groups.get(k)!.map((p) => ({
      seq: 0,
      bsm: p.bsm,
      part: p.part,
      cls: p.cls,
      duty: CLASS_DUTIES[p.cls],
      areaM2: p.areaM2,
      dlbm: p.dlbm,
      dlmc: landClassName(p.dlbm),
      zzsxdm: p.zzsxdm,
      township: code,
      townshipName: tname,
      village: p.village,
      villageName: safeNameOf(p.village),
      source: p.source,
      cluster: p.cluster,
    })).sort(taskOrder);
    rows.forEach((r, i) => (r.seq = i + 1));
    const folder = safeName(code ? (tname ? `${code}_${tname}` : code) : "未知乡镇");
    return { code, name: tname, folder, rows };
  });
}

/** The 任务总表 sheet: pieces and 亩 per township × class. */
function overviewSheet(groups: ReturnType<typeof townshipTasks>): XlsxSheet {
  const columns = [
    { key: "code", header: "乡镇代码" },
    { key: "name", header: "乡镇名称" },
    { key: "folder", header: "文件夹" },
    ...CONTIG_CLASSES.flatMap((c) => [
      { key: `${c}:n`, header: `${CLASS_LABELS[c]}（个）` },
      { key: `${c}:mu`, header: `${CLASS_LABELS[c]}（亩）` },
    ]),
    { key: "n", header: "合计（个）" },
    { key: "mu", header: "合计（亩）" },
  ];
  const line = (rows: TaskRow[], head: Record<string, Cell>) => {
    const out: Record<string, Cell> = {
      ...head,
      n: rows.length,
      mu: mu2(rows.reduce((s, r) => s + r.areaM2, 0)),
    };
    for (const c of CONTIG_CLASSES) {
      const of = rows.filter((r) => r.cls === c);
      out[`${c}:n`] = of.length;
      out[`${c}:mu`] = mu2(of.reduce((s, r) => s + r.areaM2, 0));
    }
    return out;
  };
  const rows = groups.map((g) => line(g.rows, { code: g.code, name: g.name, folder: g.folder }));
  rows.push(line(groups.flatMap((g) => g.rows), { code: "合计" }));
  return { name: "任务总表", columns, rows };
}

/**
 * Writes the verification packages of `pieces` (rings in `crs`) into `outDir`, replacing an
 * earlier package folder only once everything is written. A non-empty folder that is not an
 * earlier package (no 任务总表.xlsx) is refused, never replaced.
 *
 * @example
 * ```ts
 * await exportPackages(pieces, crsFromEpsg(4526), "out/核实任务", { system });
 * ```
 */
export async function exportPackages(
  pieces: readonly ScreenPiece[],
  crs: Crs,
  outDir: string,
  opts: ExportOptions,
): Promise<ExportSummary> {
  await assertReplaceable(outDir, "任务总表.xlsx", "核实任务输出");
  const rules: PhotoRules = { ...DEFAULT_PHOTO_RULES, ...opts.rules };
  const groups = townshipTasks(pieces, opts.name ?? adminName);
  const byKey = new Map(pieces.map((p) => [`${p.bsm}\u0000${p.part}`, p]));
  const files: ReportFiles = {};
  const townships: TownshipPackage[] = [];
  const prj = crsToEsriWkt(crs);
  for (const g of groups) {
    const place = g.name ?? g.code ?? "未知乡镇";
    const geometry = polygonColumnFromRings(g.rows.map((r) => byKey.get(`${r.bsm}\u0000${r.part}`)!.rings));
    const layer = { fields: [...BASEMAP_FIELDS], columns: attributes(g.rows), length: g.rows.length };
    files[`${g.folder}/底图.shp`] = (path) =>
      writeShapefile(path, { ...layer, geometry }, { encoding: "gbk", prjWkt: prj });
    files[`${g.folder}/底图.geojson`] = (path) =>
      writeGeoJSON(path, { ...layer, geometry: reprojectColumn(geometry, crs, CGCS2000_GEOGRAPHIC) }, {
        crsName: "urn:ogc:def:crs:EPSG::4490",
      });
    files[`${g.folder}/核实表.xlsx`] = encodeXlsx(
      formSheets(g.rows, opts.system, rules, place),
      `${g.folder}/核实表.xlsx`,
    );
    files[`${g.folder}/任务清单.xlsx`] = encodeXlsx(taskListSheets(g.rows), `${g.folder}/任务清单.xlsx`);
    townships.push({
      code: g.code,
      name: g.name,
      folder: g.folder,
      pieces: g.rows.length,
      areaM2: g.rows.reduce((s, r) => s + r.areaM2, 0),
    });
  }
  files["任务总表.xlsx"] = encodeXlsx([overviewSheet(groups)], "任务总表.xlsx");
  const summary: ExportSummary = {
    systemId: opts.system.id,
    systemVersion: opts.system.version,
    pieces: pieces.length,
    townships,
  };
  files["manifest.json"] = JSON.stringify(
    { ...summary, systemName: opts.system.name, crs: crs.name, epsg: crs.epsg, photoRules: rules },
    null,
    2,
  ) + "\n";
  await writeReportDir(outDir, files);
  return summary;
}
