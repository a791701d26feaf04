/**
 * Loads survey parcel files (地类图斑) into one canonical table: attributes column-wise under
 * the 三调 field names, geometry in flat arrays in one projected CRS, and a load report that
 * names every problem by file, row, BSM, field and value. No row is dropped: rows with
 * problems are loaded and reported, and the caller chooses which kinds are fatal.
 *
 * @example
 * ```ts
 * const { table, report } = await loadParcels(["data/demo/900101/DLTB_2024.shp"]);
 * console.log(formatReport(report));
 * ```
 */
import { applyInputPolicy } from "./policy.ts";
import { assertSafeKey, putOwn } from "../units/safe_keys.ts";
import type { Cell, VectorLayer } from "../io/layer.ts";
import {
  assertInChina,
  type Crs,
  crsFromEpsg,
  featuresOutsideCrs,
  gaussKrugerZone,
  parseCrs,
  reprojectColumn,
  sameCrs,
  transformer,
  zoneForLongitude,
} from "../io/crs.ts";
import { concatColumns, featureCount, type PolygonColumn } from "../geom/types.ts";
import { type GeometryPass, geometryPass } from "../geom/pass.ts";
import { type GeometryThread, shpReader } from "./shp_thread.ts";
import { looksLikeMojibake } from "../io/encoding.ts";
import { type AliasTable, defaultAliases, mapFields, PARCEL_FIELDS, type ParcelField } from "./canonical.ts";
import {
  countProblems,
  type FileReport,
  LoadError,
  type LoadReport,
  type Problem,
  PROBLEM_LABELS,
  type ProblemCode,
} from "./report.ts";
import { formatOf, readLayer } from "./read_layer.ts";
import { progress as makeProgress, type ProgressOptions } from "../ui/progress.ts";
import { type ParcelTable, ParcelTableBuilder } from "./parcel_table.ts";
import { firstSeen } from "./first_seen.ts";
import { assertSchemeLoaded, type LandClass, lookupLandClass } from "../units/landclass.ts";

/** Options of {@link loadParcels}. */
export interface LoadOptions {
  /** Extra aliases, merged over data/reference/field_aliases.json. */
  aliases?: AliasTable;
  /** CRS for inputs that carry none (e.g. "EPSG:4526"). Without it such input is an error. */
  crs?: string;
  /** CRS of the canonical table; default the first geometric input's (geographic input is projected to its 3° zone). */
  targetCrs?: string;
  /** Force a text encoding for DBF/CSV. */
  encoding?: string;
  /** Allowed relative difference between TBMJ and the planar area (default 0.02). */
  tbmjTolerance?: number;
  /** Problem kinds that stop the load with a {@link LoadError}. Default: none. */
  fatal?: ProblemCode[];
  /** Land-class scheme of the data (only "sandiao" is loaded). */
  scheme?: string;
  /** Progress on a terminal (default true: shown only on a terminal, after a moment). */
  progress?: boolean | ProgressOptions;
  /** Maximum problems kept per kind in the report (all are counted). Default 10,000. */
  maxProblemsPerKind?: number;
  /**
   * Where a Shapefile's geometry is read and checked: on a second thread while the attributes
   * are read (`worker`), on this one (`here`), or by the file's size (`auto`, default). The
   * table and report are the same either way.
   */
  geometryThread?: GeometryThread;
}

/** Loads parcel files into one canonical table with its load report. */
export async function loadParcels(
  paths: string[],
  opts: LoadOptions = {},
): Promise<{ table: ParcelTable; report: LoadReport }> {
  if (paths.length === 0) throw new Error("没有给出要载入的图斑文件");
  assertSchemeLoaded(opts.scheme ?? "sandiao");
  const aliases = mergeAliases(defaultAliases(), opts.aliases ?? {});
  const tolerance = opts.tbmjTolerance ?? 0.02;
  const maxKept = opts.maxProblemsPerKind ?? 10_000;
  const prog = opts.progress === false ? { update() {}, done() {} } : makeProgress("载入图斑", {
    totalFiles: paths.length,
    ...(typeof opts.progress === "object" ? opts.progress : {}),
  });

  const problems: Problem[] = [];
  const kept = new Map<ProblemCode, number>();
  const allCounts: Partial<Record<ProblemCode, number>> = {};
  const add = (p: Problem) => {
    allCounts[p.code] = (allCounts[p.code] ?? 0) + 1;
    const n = kept.get(p.code) ?? 0;
    if (n < maxKept) {
      problems.push(p);
      kept.set(p.code, n + 1);
    }
  };
  const files: FileReport[] = [];
  const unknown = new Map<string, number>();
  // BSM → where first seen: file index × 2³² + row (a number, not a string per record).
  const seenBsm = new Map<string, number>();
  const builder = new ParcelTableBuilder();
  let target: Crs | null = opts.targetCrs ? parseCrs(opts.targetCrs) : null;
  const fallbackCrs = opts.crs ? parseCrs(opts.crs) : null;
  const geometries: PolygonColumn[] = [];
  let withGeometry: boolean | null = null;
  let rowsDone = 0;

  for (const [fi, path] of paths.entries()) {
    let finishRows: FinishRows | null = null;
    const layer = await readLayer(path, {
      encoding: opts.encoding,
      readGeometry: shpReader(opts.geometryThread),
      // Only the fields the table takes are read from a .dbf; the others are listed as unused.
      select: (names) => new Set(mapFields(names, aliases, path).mapping.values()),
      // A Shapefile's attributes are checked while its geometry is still being read.
      onAttributes: (t) => {
        const { mapping } = mapFields(t.fields.map((f) => f.name), aliases, path);
        finishRows = checkRows(t, mapping, paths, fi, tolerance, unknown, seenBsm);
      },
    });
    const hasGeom = layer.geometry != null;
    if (withGeometry != null && withGeometry !== hasGeom) {
      throw new Error(`不能把有几何的图层与纯属性表混在一次载入中：${path}`);
    }
    withGeometry = hasGeom;
    const report: FileReport = {
      path,
      format: formatOf(path),
      rows: layer.length,
      encoding: layer.encoding ?? null,
      crs: null,
      reprojected: null,
      unmappedFields: [],
      notes: [...layer.notes],
    };
    files.push(report);
    const { mapping, unmapped } = mapFields(layer.fields.map((f) => f.name), aliases, path);
    report.unmappedFields = unmapped;
    for (const f of PARCEL_FIELDS) {
      if (f.required && !mapping.has(f.name)) {
        add({
          code: "missing_field",
          file: path,
          row: null,
          bsm: null,
          field: f.name,
          value: null,
          message: `${path} 缺少必填字段 ${f.name}（已有字段：${
            layer.fields.map((x) => x.name).join("、")
          }）`,
        });
      }
    }
    if (!mapping.has("TBDLMJ") && mapping.has("TBMJ")) {
      report.notes.push("无 TBDLMJ 字段：图斑地类面积按 TBMJ − KCMJ 计算");
    }
    for (const note of layer.notes.filter((n) => n.includes("乱码"))) {
      add({
        code: "encoding_mismatch",
        file: path,
        row: null,
        bsm: null,
        field: null,
        value: layer.encoding ?? null,
        message: note,
      });
    }
    for (const d of (layer as VectorLayer & { deleted?: number[] }).deleted ?? []) {
      add({
        code: "deleted_record",
        file: path,
        row: d,
        bsm: null,
        field: null,
        value: null,
        message: `${path} 第 ${d} 条记录在 DBF 中标记为已删除，未载入`,
      });
    }

    let geom: PolygonColumn | null = null;
    let pass: GeometryPass | null = null; // boxes, areas, centroids and problems of `geom`
    if (layer.geometry) {
      let crs = layer.crsText ? parseCrsOrThrow(layer.crsText, path) : null;
      if (!crs) {
        if (!fallbackCrs) {
          throw new Error(`${path} 没有坐标系信息（缺少 .prj 或 crs），请在配置中指定 crs（例如 EPSG:4526）`);
        }
        crs = fallbackCrs;
        report.notes.push(`文件无坐标系信息，按配置使用 ${crs.name}`);
      }
      report.crs = crs.name;
      const n = featureCount(layer.geometry);
      // The reader may have made the pass already (on another thread); it is in the file's CRS.
      pass = layer.geometryPass ?? geometryPass(layer.geometry);
      const boxes = pass.boxes;
      for (const bad of featuresOutsideCrs(boxes, n, crs)) {
        add({
          code: "mixed_crs",
          file: path,
          row: bad.index + 1,
          bsm: textCell(layer, mapping, "BSM", bad.index),
          field: null,
          value: null,
          message: `${path} 第 ${bad.index + 1} 条记录（BSM ${
            textCell(layer, mapping, "BSM", bad.index) ?? "无"
          }）：${bad.reason}`,
        });
      }
      const box = layerBBox(boxes, n);
      if (box) assertInChina(box, crs, path);
      if (!target) target = crs.kind === "geographic" ? projectedFor(layer.geometry, crs) : crs;
      geom = layer.geometry;
      if (!sameCrs(crs, target)) {
        geom = reprojectColumn(geom, crs, target);
        pass = geometryPass(geom);
        report.reprojected = `${crs.epsg ? "EPSG:" + crs.epsg : crs.name} → ${
          target.epsg ? "EPSG:" + target.epsg : target.name
        }`;
      }
      geometries.push(geom);
    }
    const finish: FinishRows = finishRows ??
      checkRows(layer, mapping, paths, fi, tolerance, unknown, seenBsm);
    finish(geom, pass, add, builder);
    rowsDone += layer.length;
    prog.update({ rows: rowsDone, files: fi + 1 });
  }
  prog.done();

  const geometry = withGeometry ? concatColumns(geometries) : null;
  const table = builder.finish(geometry, target);
  const report: LoadReport = {
    files,
    problems,
    counts: allCounts,
    unknownCodes: [...unknown].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count),
    rowsLoaded: table.length,
  };
  void countProblems;
  const fatal = (opts.fatal ?? []).filter((c) => (allCounts[c] ?? 0) > 0);
  if (fatal.length) {
    const first = problems.find((p) => fatal.includes(p.code))!;
    throw new LoadError(
      `载入失败：${
        fatal.map((c) => `${PROBLEM_LABELS[c].label} ${allCounts[c]} 处`).join("，")
      }。首个：${first.message}`,
      report,
    );
  }
  // The input policy (stop on errors, or leave out the records of allowed ones) — set by the CLI.
  return applyInputPolicy(table, report);
}

function mergeAliases(a: AliasTable, b: AliasTable): AliasTable {
  const out: AliasTable = { ...a };
  for (const [k, v] of Object.entries(b)) {
    assertSafeKey(k, "字段别名配置");
    putOwn(out, k, [...(Object.hasOwn(out, k) ? out[k] : []), ...v]);
  }
  return out;
}

function parseCrsOrThrow(text: string, path: string): Crs | null {
  try {
    return parseCrs(text);
  } catch (e) {
    throw new Error(`${path} 的坐标系无法识别：${(e as Error).message}`);
  }
}

/** The union of feature boxes (NaN boxes of empty features skipped), or null when there is none. */
function layerBBox(boxes: Float64Array, n: number): [number, number, number, number] | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = 0; k < n; k++) {
    if (Number.isNaN(boxes[k * 4])) continue;
    x0 = Math.min(x0, boxes[k * 4]);
    y0 = Math.min(y0, boxes[k * 4 + 1]);
    x1 = Math.max(x1, boxes[k * 4 + 2]);
    y1 = Math.max(y1, boxes[k * 4 + 3]);
  }
  return x0 <= x1 ? [x0, y0, x1, y1] : null;
}

/** The CGCS2000 3° zone (no zone prefix) for geographic input, chosen by the layer's mean longitude. */
function projectedFor(col: PolygonColumn, crs: Crs): Crs {
  let sum = 0, n = 0;
  for (let i = 0; i < col.coords.length; i += 2) {
    if (Number.isFinite(col.coords[i])) {
      sum += col.coords[i];
      n++;
    }
  }
  if (n === 0) return crsFromEpsg(4534);
  void transformer;
  void crs;
  return gaussKrugerZone(zoneForLongitude(sum / n), false);
}

function textCell(
  layer: VectorLayer,
  mapping: Map<ParcelField, string>,
  f: ParcelField,
  k: number,
): string | null {
  const name = mapping.get(f);
  if (!name) return null;
  const v = layer.columns[name][k];
  return v == null ? null : typeof v === "number" ? String(v) : v.trim() || null;
}

const FARMLAND_ONLY = new Set<ParcelField>(["GDDB", "GDPDJB"]);

const landClassCache = new Map<string, LandClass | null>();
/** lookupLandClass, memoised: a survey has a few dozen distinct codes over 10⁵ rows. */
function landClass(code: string): LandClass | null {
  let c = landClassCache.get(code);
  if (c === undefined) landClassCache.set(code, c = lookupLandClass(code));
  return c;
}

const RANGES: Partial<Record<ParcelField, [number, number]>> = {
  GDDB: [1, 15],
  GDPDJB: [1, 5],
  SJNF: [1990, 2100],
};

/** The second half of {@link checkRows}: the geometry's checks, then the file's rows into the table. */
type FinishRows = (
  geom: PolygonColumn | null,
  pass: GeometryPass | null,
  add: (p: Problem) => void,
  builder: ParcelTableBuilder,
) => void;

/**
 * Checks every record of a layer, column by column (one pass per field over a column already in
 * memory; no per-row objects): the attributes now (they can be checked while another thread still
 * reads the geometry), the geometry and the table's rows in the function returned. Problems are
 * reported in row order, within a row in field order, as a row-by-row check would.
 */
function checkRows(
  layer: Pick<VectorLayer, "columns" | "length">,
  mapping: Map<ParcelField, string>,
  paths: string[],
  fileIndex: number,
  tolerance: number,
  unknown: Map<string, number>,
  seenBsm: Map<string, number>,
): FinishRows {
  const path = paths[fileIndex];
  const n = layer.length;
  const mojibakeCache = new Map<string, boolean>();
  let lastText = "", lastGarbled = false; // runs of one value (codes, names) skip the lookup
  const isGarbled = (s: string) => {
    if (s === lastText) return lastGarbled;
    lastText = s;
    // ASCII is never mojibake (and the mostly distinct codes, BSM and such, are ASCII: not cached).
    // deno-lint-ignore no-control-regex
    if (!/[^\x00-\x7f]/.test(s)) return lastGarbled = false;
    let v = mojibakeCache.get(s);
    if (v === undefined) mojibakeCache.set(s, v = looksLikeMojibake(s));
    return lastGarbled = v;
  };
  // Problems are collected with their row and a step (the order a row-by-row check finds them), then sorted.
  const found: { k: number; step: number; p: Problem }[] = [];
  let bsmCol: (string | null)[] = [];
  const p = (
    k: number,
    step: number,
    code: ProblemCode,
    field: string | null,
    value: Cell,
    message: string,
  ) => {
    const bsm = bsmCol[k] ?? null;
    found.push({
      k,
      step,
      p: {
        code,
        file: path,
        row: k + 1,
        bsm,
        field,
        value: value == null ? null : String(value),
        message: `${path} 第 ${k + 1} 条记录（BSM ${bsm ?? "无"}）：${message}`,
      },
    });
  };
  const text: Partial<Record<ParcelField, (string | null)[]>> = {};
  const num: Partial<Record<ParcelField, Float64Array>> = {};
  const trimmed = (
    v: Cell,
  ): string | null => (v == null ? null : typeof v === "number" ? String(v) : v.trim() || null);
  // Text fields first (BSM names every message; DLBM decides the farmland-only fields).
  for (const f of PARCEL_FIELDS) {
    if (f.type !== "text") continue;
    const src = mapping.get(f.name);
    if (!src) {
      text[f.name] = new Array<string | null>(n).fill(null);
      continue;
    }
    const col = layer.columns[src];
    // A column already trimmed (a .dbf's text is) is taken as it is, not copied.
    let out = col as (string | null)[];
    if (!col.every((v) => v === null || (typeof v === "string" && v !== "" && v.trim() === v))) {
      out = new Array<string | null>(n);
      for (let k = 0; k < n; k++) out[k] = trimmed(col[k]);
    }
    text[f.name] = out;
    if (f.name === "BSM") bsmCol = out;
  }
  const cls = new Array<LandClass | null>(n);
  const dlbm = text.DLBM!;
  for (let k = 0; k < n; k++) cls[k] = dlbm[k] ? landClass(dlbm[k]!) : null;
  for (const [step, f] of PARCEL_FIELDS.entries()) {
    const src = mapping.get(f.name);
    if (f.type === "text") {
      if (!src) continue;
      const col = layer.columns[src], out = text[f.name]!;
      for (let k = 0; k < n; k++) {
        const s = out[k];
        if (s == null) {
          if (f.required) p(k, step, "missing_value", src, col[k], `必填字段 ${src} 为空`);
        } else if (isGarbled(s)) {
          p(k, step, "mojibake", src, s, `字段 ${src} 的值“${s}”疑似乱码，请检查编码（.cpg）`);
        }
      }
      continue;
    }
    const out = new Float64Array(n).fill(NaN);
    num[f.name] = out;
    if (!src) continue;
    const col = layer.columns[src];
    const range = RANGES[f.name];
    const farmOnly = FARMLAND_ONLY.has(f.name);
    for (let k = 0; k < n; k++) {
      const v = col[k];
      let x = NaN;
      if (typeof v === "number") x = v;
      else if (v != null && v.trim() !== "") {
        const t = Number(v.trim());
        if (Number.isFinite(t)) x = t;
        else p(k, step, "not_a_number", src, v, `字段 ${src} 的值“${v}”不是数字`);
      } else if (f.required) p(k, step, "missing_value", src, v, `必填字段 ${src} 为空`);
      if (f.type === "area" && x < 0) p(k, step, "negative_area", src, v, `字段 ${src} 的面积为负：${x}`);
      if (farmOnly && !(cls[k]?.isFarmland ?? false)) {
        // 三调 files carry 0 in GDDB/GDPDJB of non-farmland parcels: "not applicable", not a grade.
        if (x === 0) x = NaN;
      } else if (range && Number.isFinite(x) && (x < range[0] || x > range[1] || !Number.isInteger(x))) {
        p(k, step, "out_of_range", src, v, `字段 ${src} 的值 ${x} 超出范围 ${range[0]}–${range[1]}`);
      }
      out[k] = x;
    }
  }
  const S = PARCEL_FIELDS.length; // steps after the fields
  const bsmSrc = mapping.get("BSM"), dlbmSrc = mapping.get("DLBM"), dlmcSrc = mapping.get("DLMC");
  const dlmc = text.DLMC!;
  // BSMs of earlier files are in seenBsm; this file's are matched among themselves (firstSeen) and
  // added to seenBsm only when another file follows.
  const firstInFile = firstSeen(bsmCol);
  const earlierFiles = seenBsm.size > 0, laterFiles = fileIndex < paths.length - 1;
  for (let k = 0; k < n; k++) {
    const bsm = bsmCol[k];
    if (bsm != null) {
      const earlier = earlierFiles ? seenBsm.get(bsm) : undefined;
      const first = earlier ?? (firstInFile[k] !== k ? fileIndex * 2 ** 32 + firstInFile[k] + 1 : undefined);
      if (first !== undefined) {
        const where = `${paths[Math.floor(first / 2 ** 32)]} 第 ${first % 2 ** 32} 条`;
        p(k, S, "duplicate_bsm", bsmSrc!, bsm, `标识码 ${bsm} 重复（首次出现于 ${where}）`);
      } else if (laterFiles) seenBsm.set(bsm, fileIndex * 2 ** 32 + k + 1);
    }
    const code = dlbm[k], c = cls[k];
    if (code && !c) {
      unknown.set(code, (unknown.get(code) ?? 0) + 1);
      p(k, S + 1, "unknown_dlbm", dlbmSrc!, code, `地类编码“${code}”不在三调工作分类中`);
    }
    const name = dlmc[k];
    if (c && name && name !== c.name && !isGarbled(name)) {
      p(k, S + 2, "dlmc_mismatch", dlmcSrc!, name, `地类名称“${name}”与编码 ${code}（${c.name}）不符`);
    }
  }
  // TBDLMJ: the net class area; derived when the file has no such field.
  const tbmj = num.TBMJ!, kcmjCol = num.KCMJ!, tbdlmj = num.TBDLMJ!;
  const derive = !mapping.has("TBDLMJ"), tbdlmjSrc = mapping.get("TBDLMJ");
  for (let k = 0; k < n; k++) {
    const kcmj = Number.isFinite(kcmjCol[k]) ? kcmjCol[k] : 0;
    if (derive) tbdlmj[k] = tbmj[k] - kcmj;
    else if (
      Number.isFinite(tbdlmj[k]) && Number.isFinite(tbmj[k]) && Math.abs(tbdlmj[k] - (tbmj[k] - kcmj)) > 0.011
    ) {
      p(
        k,
        S + 5,
        "tbdlmj_inconsistent",
        tbdlmjSrc!,
        tbdlmj[k],
        `TBDLMJ ${tbdlmj[k]} ≠ TBMJ ${tbmj[k]} − KCMJ ${kcmj}`,
      );
    }
  }
  return (geom, pass, add, builder) => {
    const planar = pass?.planar ?? new Float64Array(n).fill(NaN);
    const tbmjSrc = mapping.get("TBMJ");
    if (geom && pass) {
      for (const g of pass.issues) {
        const k = g.k;
        if (g.kind === "empty") p(k, S + 3, "empty_geometry", null, null, "几何为空");
        else if (g.kind === "self_intersection") {
          p(
            k,
            S + 3,
            "self_intersection",
            null,
            `${g.at![0].toFixed(2)},${g.at![1].toFixed(2)}`,
            `第 ${g.ring! + 1} 个环自相交，位置 (${g.at![0].toFixed(2)}, ${g.at![1].toFixed(2)})`,
          );
        } else if (g.kind === "overlapping_parts") {
          p(
            k,
            S + 3,
            "invalid_geometry",
            null,
            g.kind,
            `多个部件相互重叠（常见原因：洞的绕向错误被读成外环），位置 (${g.at![0].toFixed(2)}, ${
              g.at![1].toFixed(2)
            })`,
          );
        } else {p(
            k,
            S + 3,
            "invalid_geometry",
            null,
            g.kind,
            `第 ${(g.ring ?? 0) + 1} 个环无效（${
              g.kind === "non_finite" ? "坐标非数值" : "不足 3 个不同顶点"
            }）`,
          );}
      }
      const tbmj = num.TBMJ!;
      for (let k = 0; k < n; k++) {
        const a = planar[k], t = tbmj[k];
        if (Number.isFinite(t) && a > 0 && Math.abs(t - a) / a > tolerance) {
          p(
            k,
            S + 4,
            "tbmj_mismatch",
            tbmjSrc!,
            t,
            `TBMJ ${t.toFixed(2)} 平方米与几何面积 ${a.toFixed(2)} 平方米相差 ${
              (100 * (t - a) / a).toFixed(2)
            }%（容差 ${(tolerance * 100).toFixed(2)}%）`,
          );
        }
      }
    }
    found.sort((a, b) => a.k - b.k || a.step - b.step);
    for (const f of found) add(f.p);
    builder.pushColumns({ text, num, cls, planar, geom, pass, fileIndex, file: path, n });
  };
}
