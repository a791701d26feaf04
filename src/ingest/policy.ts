/**
 * One input policy for every subcommand. Each problem kind the loader finds has one default
 * severity ({@link PROBLEM_LABELS}: error or warning). Under the command-line policy an error
 * stops the run before any output is written, with the list of problems (file, row, BSM, field,
 * value) and a non-zero exit; `--allow KIND` lets the run go on, and then the records that carry
 * an allowed error are left out of every computation and listed in the report's notes — never
 * computed as NaN. Library callers (tests, notebooks) get the report without the policy unless
 * they ask for it.
 *
 * @example
 * ```ts
 * configureInputPolicy({ enforce: true, allow: ["missing_value"] }); // what `--allow missing_value` does
 * const { table, report } = await loadParcels(paths);                 // throws InputPolicyError on other errors
 * ```
 * @module
 */
import { countProblems, type LoadReport, type Problem, PROBLEM_LABELS, type ProblemCode } from "./report.ts";
import type { ParcelTable } from "./parcel_table.ts";
import { subsetParcels } from "./subset.ts";

/** The policy in force. */
export interface InputPolicy {
  /** Stop on error-severity problems (the command line); false: report only (library default). */
  enforce: boolean;
  /** Error kinds the caller accepted: their records are left out and listed. */
  allow: ReadonlySet<ProblemCode>;
}

let current: InputPolicy = { enforce: false, allow: new Set() };

/** The problem kinds, as `--allow` takes them. */
export const PROBLEM_KINDS = Object.keys(PROBLEM_LABELS) as ProblemCode[];

/** Sets the policy for this process (the CLI does, from `--allow`); throws for an unknown kind. */
export function configureInputPolicy(p: { enforce: boolean; allow?: readonly string[] }): void {
  const allow = new Set<ProblemCode>();
  for (const k of p.allow ?? []) {
    if (!(PROBLEM_KINDS as string[]).includes(k)) {
      throw new Error(`--allow 的问题类型“${k}”未知；可用：${PROBLEM_KINDS.map((c) => `${c}（${PROBLEM_LABELS[c].label}）`).join("、")}`);
    }
    allow.add(k as ProblemCode);
  }
  current = { enforce: p.enforce, allow };
}

/** The policy in force. */
export function inputPolicy(): InputPolicy {
  return current;
}

/** Thrown when the policy stops a run; carries the report so a command can print it whole. */
export class InputPolicyError extends Error {
  constructor(message: string, readonly report: LoadReport) {
    super(message);
    this.name = "InputPolicyError";
  }
}

const where = (p: Problem) =>
  [p.file, p.row != null ? `第 ${p.row} 条` : null, p.bsm ? `BSM ${p.bsm}` : null, p.field ? `字段 ${p.field}` : null, p.value != null ? `值“${p.value}”` : null]
    .filter(Boolean).join("，");

/** The error stopping the run when `problems` hold error kinds the policy does not allow; null otherwise. */
function stopFor(problems: readonly Problem[], report: LoadReport, policy: InputPolicy): InputPolicyError | null {
  const counts = report.counts;
  const blocking = (Object.keys(counts) as ProblemCode[]).filter((c) => PROBLEM_LABELS[c].severity === "error" && (counts[c] ?? 0) > 0 && !policy.allow.has(c));
  if (!policy.enforce || blocking.length === 0) return null;
  const list = problems.filter((p) => blocking.includes(p.code));
  const total = blocking.reduce((s, c) => s + (counts[c] ?? 0), 0);
  return new InputPolicyError(
    [
      `输入数据有 ${total} 处错误（${blocking.map((c) => `${c} ${PROBLEM_LABELS[c].label} ${counts[c]} 处`).join("；")}），未写出任何结果：`,
      ...list.slice(0, 30).map((p) => `  - ${where(p)}：${p.message}`),
      ...(total > 30 ? [`  …另有 ${total - 30} 处（见 load 的载入报告）`] : []),
      `修正数据后重新运行；若确认可以跳过这些记录，可加 ${blocking.map((c) => `--allow ${c}`).join(" ")}（相关记录不参与计算，并在结果中列出）。`,
    ].join("\n"),
    report,
  );
}

/** The error kinds among `problems` that the policy allowed (the run goes on without their records). */
function allowedKinds(counts: LoadReport["counts"], policy: InputPolicy): ProblemCode[] {
  if (!policy.enforce) return [];
  return (Object.keys(counts) as ProblemCode[]).filter((c) => (counts[c] ?? 0) > 0).filter((c) => PROBLEM_LABELS[c].severity === "error" && policy.allow.has(c));
}

/**
 * Applies `policy` to the problems of an analyst's table or a county's folder (project tables,
 * 占补 records, field returns, missing layers): throws {@link InputPolicyError} for error kinds
 * not allowed; otherwise says which rows to leave out (those carrying an allowed error; a
 * file-level one leaves out its whole file) and the note to print and write.
 *
 * @example
 * ```ts
 * const { leaves, notes } = enforceProblems(problems);
 * const kept = rows.filter((r) => !leaves(r.file, r.row));
 * ```
 */
export function enforceProblems(
  problems: readonly Problem[],
  policy: InputPolicy = current,
): { leaves: (file: string, row: number | null) => boolean; allowed: Problem[]; notes: string[] } {
  const report: LoadReport = { files: [], problems: [...problems], counts: countProblems([...problems]), unknownCodes: [], rowsLoaded: 0 };
  const stop = stopFor(problems, report, policy);
  if (stop) throw stop;
  const kinds = allowedKinds(report.counts, policy);
  const allowed = problems.filter((p) => kinds.includes(p.code));
  const wholeFiles = new Set(allowed.filter((p) => p.row == null).map((p) => p.file));
  const rows = new Set(allowed.filter((p) => p.row != null).map((p) => `${p.file}#${p.row}`));
  const notes = allowed.length
    ? [
      `按 --allow 放行：${kinds.map((c) => `${c}（${PROBLEM_LABELS[c].label}）${allowed.filter((p) => p.code === c).length} 处`).join("；")}；` +
      `相关记录未参与计算：${allowed.slice(0, 50).map(where).join("、")}${allowed.length > 50 ? " 等" : ""}`,
    ]
    : [];
  return { leaves: (file, row) => wholeFiles.has(file) || rows.has(`${file}#${row}`), allowed, notes };
}

/**
 * Applies `policy` to a load: throws {@link InputPolicyError} for error problems not allowed; with
 * allowed ones, returns the table without the records they touch (a file-level problem touches
 * every record of its file) and says so in the report's notes.
 */
export function applyInputPolicy(
  table: ParcelTable,
  report: LoadReport,
  policy: InputPolicy = current,
): { table: ParcelTable; report: LoadReport } {
  const stop = stopFor(report.problems, report, policy);
  if (stop) throw stop;
  const allowed = allowedKinds(report.counts, policy);
  if (allowed.length === 0) return { table, report };
  const hits = report.problems.filter((p) => allowed.includes(p.code));
  const wholeFiles = new Set(hits.filter((p) => p.row == null).map((p) => p.file));
  const rows = new Set(hits.filter((p) => p.row != null).map((p) => `${p.file}#${p.row}`));
  const keep = new Uint8Array(table.length);
  const left: string[] = [];
  for (let k = 0; k < table.length; k++) {
    const file = table.text.source_file[k] ?? "", row = table.num.source_row[k];
    const out = wholeFiles.has(file) || rows.has(`${file}#${row}`);
    keep[k] = out ? 0 : 1;
    if (out && left.length < 1000) left.push(`${file} 第 ${row} 条（BSM ${table.text.BSM[k] ?? "无"}）`);
  }
  const dropped = table.length - keep.reduce((s, v) => s + v, 0);
  const notes = [
    `按 --allow 放行：${allowed.map((c) => `${c}（${PROBLEM_LABELS[c].label}）${report.counts[c]} 处`).join("；")}；` +
    `${dropped} 条记录未参与计算${dropped ? `：${left.slice(0, 50).join("、")}${dropped > 50 ? " 等" : ""}` : ""}`,
  ];
  return {
    table: subsetParcels(table, keep),
    report: { ...report, notes: [...(report.notes ?? []), ...notes], rowsLoaded: table.length - dropped },
  };
}
