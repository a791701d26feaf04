/**
 * The load report: every problem found while reading and checking input, each naming the
 * file, the row (1-based record number) or BSM, the field and the value, with counts per
 * kind. Problems never remove rows: the caller decides which kinds are fatal.
 */

/** The kinds of problem the loader reports. Chinese labels are in {@link PROBLEM_LABELS}. */
export type ProblemCode =
  | "missing_field"
  | "duplicate_bsm"
  | "missing_value"
  | "unknown_dlbm"
  | "dlmc_mismatch"
  | "empty_geometry"
  | "invalid_geometry"
  | "self_intersection"
  | "not_a_number"
  | "negative_area"
  | "tbmj_mismatch"
  | "tbdlmj_inconsistent"
  | "out_of_range"
  | "mixed_crs"
  | "mojibake"
  | "encoding_mismatch"
  | "deleted_record"
  | "duplicate_key"
  | "not_a_date"
  | "invalid_value"
  | "missing_layer"
  | "survey_year_gap";

/**
 * How bad a problem kind is: an error stops a command-line run before it writes (unless
 * `--allow`ed); a warning is listed in the outputs and the run goes on; a note only says what was
 * read or assumed.
 */
export type Severity = "error" | "warning" | "note";

/** Chinese labels of the severities. */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = Object.freeze({ error: "错误", warning: "提示", note: "说明" });

/**
 * Chinese label and default severity of each problem kind (one place for the wording): the
 * parcel loader's kinds, then those of the analysts' tables (project tables, 占补 records, field
 * returns) and of a county's folder.
 */
export const PROBLEM_LABELS: Record<ProblemCode, { label: string; severity: Severity }> = {
  missing_field: { label: "缺少必填字段", severity: "error" },
  duplicate_bsm: { label: "标识码（BSM）重复", severity: "error" },
  missing_value: { label: "必填字段为空", severity: "error" },
  unknown_dlbm: { label: "地类编码不在三调工作分类中", severity: "error" },
  dlmc_mismatch: { label: "地类名称与地类编码不符", severity: "warning" },
  empty_geometry: { label: "几何为空", severity: "error" },
  invalid_geometry: { label: "几何无效（环点数不足或坐标非数值）", severity: "error" },
  self_intersection: { label: "几何自相交", severity: "error" },
  not_a_number: { label: "数值字段不是数字", severity: "error" },
  negative_area: { label: "面积为负", severity: "error" },
  tbmj_mismatch: { label: "图斑面积与几何面积相差过大", severity: "warning" },
  tbdlmj_inconsistent: { label: "图斑地类面积 ≠ 图斑面积 − 扣除地类面积", severity: "warning" },
  out_of_range: { label: "取值超出范围", severity: "error" },
  mixed_crs: { label: "同一图层内坐标系不一致", severity: "error" },
  mojibake: { label: "文字疑似乱码（编码错误）", severity: "error" },
  encoding_mismatch: { label: "声明的编码与内容不符（已按内容读取）", severity: "warning" },
  deleted_record: { label: "DBF 中标记删除的记录（未载入）", severity: "warning" },
  duplicate_key: { label: "编号重复（同一编号出现多行）", severity: "error" },
  not_a_date: { label: "日期无法识别", severity: "error" },
  invalid_value: { label: "取值不在可选值中", severity: "error" },
  missing_layer: { label: "县级目录缺少必需图层", severity: "error" },
  survey_year_gap: { label: "年度变更调查缺年（相邻两期跨年比较）", severity: "warning" },
};

/** One problem with one value in one row of one file. */
export interface Problem {
  code: ProblemCode;
  file: string;
  /** 1-based record number in the file, or null for a file-level problem. */
  row: number | null;
  bsm: string | null;
  field: string | null;
  value: string | null;
  /** A complete Chinese sentence for people. */
  message: string;
}

/** What happened to one input file. */
export interface FileReport {
  path: string;
  format: string;
  rows: number;
  encoding: string | null;
  crs: string | null;
  /** Set when the file's geometry was reprojected, e.g. "EPSG:4490 → EPSG:4526". */
  reprojected: string | null;
  unmappedFields: string[];
  notes: string[];
}

/** The whole load report. */
export interface LoadReport {
  files: FileReport[];
  problems: Problem[];
  /** Problems per kind. */
  counts: Partial<Record<ProblemCode, number>>;
  /** Unknown land-class codes by value, with how many rows carry each. */
  unknownCodes: { value: string; count: number }[];
  rowsLoaded: number;
  /** What the input policy did (problems allowed, records left out), when it did anything. */
  notes?: string[];
}

/** Counts problems per kind. */
export function countProblems(problems: Problem[]): Partial<Record<ProblemCode, number>> {
  const counts: Partial<Record<ProblemCode, number>> = {};
  for (const p of problems) counts[p.code] = (counts[p.code] ?? 0) + 1;
  return counts;
}

/** A short Chinese text summary of a report, one line per file and per problem kind. */
export function formatReport(report: LoadReport, opts: { examples?: number } = {}): string {
  const n = opts.examples ?? 3;
  const lines: string[] = [];
  for (const f of report.files) {
    lines.push(
      `文件 ${f.path}：${f.format}，${f.rows} 条记录` + (f.encoding ? `，编码 ${f.encoding.toUpperCase()}` : "") +
        (f.crs ? `，坐标系 ${f.crs}` : "") + (f.reprojected ? `，已重投影 ${f.reprojected}` : ""),
    );
    for (const note of f.notes) lines.push(`  说明：${note}`);
    if (f.unmappedFields.length) lines.push(`  未使用的字段：${f.unmappedFields.join("、")}`);
  }
  lines.push(`共载入 ${report.rowsLoaded} 条图斑记录。`);
  const codes = Object.keys(report.counts) as ProblemCode[];
  if (codes.length === 0) lines.push("未发现问题。");
  for (const code of codes) {
    const { label, severity } = PROBLEM_LABELS[code];
    lines.push(`${SEVERITY_LABELS[severity]}｜${label}：${report.counts[code]} 处`);
    for (const p of report.problems.filter((p) => p.code === code).slice(0, n)) lines.push(`  - ${p.message}`);
  }
  for (const note of report.notes ?? []) lines.push(`说明：${note}`);
  if (report.unknownCodes.length) {
    lines.push(`未知地类编码：${report.unknownCodes.map((u) => `${u.value}（${u.count} 条）`).join("、")}`);
  }
  return lines.join("\n");
}

/** Thrown when a caller-chosen problem kind is present; carries the report. */
export class LoadError extends Error {
  constructor(message: string, readonly report: LoadReport) {
    super(message);
    this.name = "LoadError";
  }
}
