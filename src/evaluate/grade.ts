/**
 * Grading one piece from its field values (DOMAIN.md §4.4): each criterion of the indicator
 * system gives 容易 / 较难 / 难以 with the reason, and the overall rule gives the result —
 * all 容易 → 可以恢复; any 难以 → 不建议恢复; otherwise → 建议恢复. Pure functions; every result
 * names the system (id and version) that graded it.
 *
 * @example
 * ```ts
 * const system = await loadIndicatorSystem();
 * const g = gradePiece({
 *   生产现状: "苗木", 有无道路: "有", "道路距离（米）": 120, "水源距离（米）": 80,
 *   "恢复成本（万元/亩）": 2.5, 群众意愿: "愿意",
 * }, system);
 * g.result;       // "可以恢复"
 * g.systemVersion; // "1.0.0"
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import { DEFAULT_NOTE, type Grade, type ProblemCode, type RestoreResult } from "./labels.ts";
import type { Criterion, IndicatorSystem, NumericCriterion } from "./system.ts";
import { inInterval } from "./system.ts";

/** The grade of one criterion. */
export interface CriterionGrade {
  key: string;
  label: string;
  /** The value(s) read, as shown (e.g. "有，620 米"). */
  value: string;
  grade: Grade;
  /** Why, in Chinese (with "（默认，非原文规定）" when the mapping is ours). */
  reason: string;
}

/** The grading of a piece. */
export interface PieceGrade {
  systemId: string;
  systemVersion: string;
  criteria: CriterionGrade[];
  result: RestoreResult;
  /** Why the result, in Chinese. */
  reason: string;
}

/** A value that cannot be graded. */
export interface ValueProblem {
  code: ProblemCode;
  field: string;
  value: Cell;
  message: string;
}

type Outcome = { ok: true; grade: CriterionGrade } | { ok: false; problems: ValueProblem[] };

function isBlank(v: Cell | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/**
 * A cell as text for messages and the 值 column.
 *
 * @example
 * ```ts
 * cellText(" 苗木 "); // "苗木"
 * cellText(41);      // "41"
 * ```
 */
export function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return "";
  return typeof v === "number" ? String(v) : v.trim();
}

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A numeric cell: a number, or text that is exactly a number (spaces allowed); null otherwise.
 *
 * @example
 * ```ts
 * cellNumber(" 500 "); // 500
 * cellNumber("五百");  // null
 * ```
 */
export function cellNumber(v: Cell | undefined): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && NUMERIC.test(v.trim())) return Number(v.trim());
  return null;
}

function fmt(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

function noteOf(c: Criterion): string {
  return c.isDefault ? `（${DEFAULT_NOTE}）` : "";
}

function missing(field: string, label: string): ValueProblem {
  return { code: "missing_value", field, value: null, message: `“${field}”未填写（${label}）` };
}

function yesNo(v: Cell | undefined, yes: string[], no: string[]): boolean | null {
  const t = cellText(v);
  if (yes.includes(t)) return true;
  if (no.includes(t)) return false;
  return null;
}

function numeric(c: NumericCriterion, values: Record<string, Cell>): Outcome {
  const problems: ValueProblem[] = [];
  let road: boolean | null = true;
  if (c.condition) {
    const cv = values[c.condition.field];
    road = isBlank(cv) ? null : yesNo(cv, c.condition.yes, c.condition.no);
    if (isBlank(cv)) problems.push(missing(c.condition.field, c.condition.label));
    else if (road === null) {
      problems.push({
        code: "not_in_table",
        field: c.condition.field,
        value: cv,
        message: `“${c.condition.field}”应填 ${[...c.condition.yes, ...c.condition.no].join("/")}，收到“${
          cellText(cv)
        }”`,
      });
    }
  }
  const v = values[c.field];
  const unit = c.unit ? ` ${c.unit}` : "";
  const min = c.classes[0].interval;
  let x: number | null = null;
  if (isBlank(v)) problems.push(missing(c.field, c.label));
  else {
    x = cellNumber(v);
    if (x === null) {
      problems.push({
        code: "not_number",
        field: c.field,
        value: v,
        message: `“${c.field}”应为数字（单位：${c.unit ?? "无"}），收到“${cellText(v)}”`,
      });
    } else if (!c.classes.some((k) => inInterval(x!, k.interval))) {
      problems.push({
        code: "out_of_range",
        field: c.field,
        value: v,
        message: `“${c.field}”为 ${fmt(x)}${unit}，须${min.loClosed ? "≥" : ">"} ${fmt(min.lo)}${unit}`,
      });
      x = null;
    }
  }
  if (problems.length > 0 || x === null) return { ok: false, problems };
  const cls = c.classes.find((k) => inInterval(x!, k.interval))!;
  const shown = `${fmt(x)}${unit}`;
  if (c.condition && road === false) {
    const cond = c.condition;
    return {
      ok: true,
      grade: {
        key: c.key,
        label: c.label,
        value: `${cellText(values[cond.field])}，${shown}`,
        grade: cond.gradeIfNo,
        reason: `${c.label}：${
          cond.nameIfNo ?? `${cond.label}：${cellText(values[cond.field])}`
        } → ${cond.gradeIfNo}${noteOf(c)}`,
      },
    };
  }
  const prefix = c.condition ? `${cellText(values[c.condition.field])}，` : "";
  return {
    ok: true,
    grade: {
      key: c.key,
      label: c.label,
      value: `${prefix}${shown}`,
      grade: cls.grade,
      reason: `${c.label}：${c.field.replace(/[（(].*$/, "")} ${shown}，属 ${cls.interval.text}${unit}${
        cls.name ? `（${cls.name}）` : ""
      } → ${cls.grade}${noteOf(c)}`,
    },
  };
}

/** The table entry for a categorical text: exact value first, then the part before a bracket. */
function lookup(c: Criterion & { kind: "categorical" }, text: string) {
  const exact = c.table.find((e) => e.value === text);
  if (exact) return { entry: exact, via: null as string | null };
  const main = text.replace(/\s*[（(].*$/, "").trim();
  const byMain = main !== text ? c.table.find((e) => e.value === main) : undefined;
  return byMain ? { entry: byMain, via: main } : null;
}

function evaluate(c: Criterion, values: Record<string, Cell>): Outcome {
  if (c.kind === "numeric") return numeric(c, values);
  const v = values[c.field];
  if (isBlank(v)) return { ok: false, problems: [missing(c.field, c.label)] };
  const text = cellText(v);
  if (c.kind === "boolean") {
    const yes = yesNo(v, c.yes, c.no);
    if (yes === null) {
      return {
        ok: false,
        problems: [{
          code: "not_in_table",
          field: c.field,
          value: v,
          message: `“${c.field}”应填 ${[...c.yes, ...c.no].join("/")}，收到“${text}”`,
        }],
      };
    }
    const grade = yes ? c.gradeIfYes : c.gradeIfNo;
    return {
      ok: true,
      grade: {
        key: c.key,
        label: c.label,
        value: text,
        grade,
        reason: `${c.label}：${text} → ${grade}${noteOf(c)}`,
      },
    };
  }
  const hit = lookup(c, text);
  if (!hit) {
    return {
      ok: false,
      problems: [{
        code: "not_in_table",
        field: c.field,
        value: v,
        message: `“${c.field}”的取值“${text}”不在取值表中（可填：${c.table.map((e) => e.value).join("、")}）`,
      }],
    };
  }
  const via = hit.via ? `按“${hit.via}”` : "";
  return {
    ok: true,
    grade: {
      key: c.key,
      label: c.label,
      value: text,
      grade: hit.entry.grade,
      reason: `${c.label}：${text}${via} → ${hit.entry.grade}${noteOf(c)}`,
    },
  };
}

/**
 * Everything wrong with a row's indicator values for the system (missing, not a number, out of
 * range, not in the table), in criterion order; empty when every criterion can be graded.
 *
 * @example
 * ```ts
 * checkIndicatorValues({ 生产现状: "苗木" }, system)[0].code; // "missing_value"
 * ```
 */
export function checkIndicatorValues(values: Record<string, Cell>, system: IndicatorSystem): ValueProblem[] {
  return system.criteria.flatMap((c) => {
    const o = evaluate(c, values);
    return o.ok ? [] : o.problems;
  });
}

/**
 * The overall result of criterion grades: all 容易 → 可以恢复; any 难以 → 不建议恢复;
 * otherwise → 建议恢复.
 *
 * @example
 * ```ts
 * overallResult(["容易", "较难", "容易"]); // "建议恢复"
 * ```
 */
export function overallResult(grades: readonly Grade[]): RestoreResult {
  if (grades.some((g) => g === "难以")) return "不建议恢复";
  if (grades.every((g) => g === "容易")) return "可以恢复";
  return "建议恢复";
}

/**
 * Grades one piece: per-criterion grade with reason, and the overall result, tagged with the
 * system's id and version. `values` is keyed by the form's column headers (each criterion's
 * `field`, and its condition's). Throws a Chinese error listing every value that cannot be
 * graded — callers that must not throw run {@link checkIndicatorValues} first.
 *
 * @example
 * ```ts
 * gradePiece({ ...values, "道路距离（米）": 500 }, system).criteria[1].grade; // "较难"
 * ```
 */
export function gradePiece(values: Record<string, Cell>, system: IndicatorSystem): PieceGrade {
  const criteria: CriterionGrade[] = [];
  const problems: ValueProblem[] = [];
  for (const c of system.criteria) {
    const o = evaluate(c, values);
    if (o.ok) criteria.push(o.grade);
    else problems.push(...o.problems);
  }
  if (problems.length > 0) {
    throw new Error(
      `无法评价（指标体系 ${system.id} ${system.version}）：${problems.map((p) => p.message).join("；")}`,
    );
  }
  const result = overallResult(criteria.map((c) => c.grade));
  const hard = criteria.filter((c) => c.grade === "难以").map((c) => c.label);
  const harder = criteria.filter((c) => c.grade === "较难").map((c) => c.label);
  const reason = result === "不建议恢复"
    ? `${hard.join("、")}难以恢复，任一准则难以即不建议恢复`
    : result === "可以恢复"
    ? "各准则均为容易"
    : `${harder.join("、")}较难，其余容易`;
  return { systemId: system.id, systemVersion: system.version, criteria, result, reason };
}
