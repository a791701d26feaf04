/**
 * The indicator system (核实评价指标体系) as versioned configuration: types, validation and
 * loading of `data/config/indicators_v1.json` (DOMAIN.md §4.4). The system is data: a new
 * criterion (the seed names 15 indicators) is one more entry in `criteria`, never a code
 * change. Every error is Chinese and names the file and the key at fault.
 *
 * Criterion kinds:
 * - `numeric`: a number in `field` (≥ the first class's lower bound), graded by `classes`,
 *   intervals written "[0, 500)", "(100, 500]", "[1000, +∞)" that must tile the line without
 *   gap or overlap; an optional `condition` (a yes/no field such as 有无道路) gives
 *   `gradeIfNo` when answered no.
 * - `categorical`: a text in `field` looked up in `table` (exact value first, then the part
 *   before a bracket: "果树（柑橘）" → "果树").
 * - `boolean`: a text in `field` that is one of `yes` or `no`, graded `gradeIfYes`/`gradeIfNo`.
 *
 * @example
 * ```ts
 * const system = await loadIndicatorSystem(); // the default data/config/indicators_v1.json
 * system.id;                 // "jcph-zrqn-hspj"
 * system.criteria.map((c) => c.label); // ["生产现状", "交通条件", "水源保障", "恢复成本", "群众意愿"]
 * ```
 * @module
 */
import { type Grade, GRADES } from "./labels.ts";

/** An interval of a numeric class. */
export interface Interval {
  lo: number;
  loClosed: boolean;
  /** Infinity for the open top class. */
  hi: number;
  hiClosed: boolean;
  /** As written in the configuration, e.g. "[500, 1000)". */
  text: string;
}

/** One class of a numeric criterion. */
export interface NumericClass {
  interval: Interval;
  grade: Grade;
  /** The class's wording (e.g. the seed's "亩均3万元以下"), or null. */
  name: string | null;
}

/** A yes/no precondition of a numeric criterion (e.g. 有无道路). */
export interface Condition {
  field: string;
  label: string;
  yes: string[];
  no: string[];
  gradeIfNo: Grade;
  nameIfNo: string | null;
}

/** What every criterion has. */
interface CriterionBase {
  /** Stable identifier (lower-case ASCII), used in output columns. */
  key: string;
  /** Chinese name, e.g. "交通条件". */
  label: string;
  /** 准则层 grouping for display (e.g. "地块自身条件"), or null. */
  group: string | null;
  /** Column header in forms and returns, with its unit, e.g. "道路距离（米）". */
  field: string;
  unit: string | null;
  description: string;
  source: string;
  /** True when the grade mapping is ours, not the seed's (标注"默认，非原文规定"). */
  isDefault: boolean;
}

/** A criterion graded by number intervals. */
export interface NumericCriterion extends CriterionBase {
  kind: "numeric";
  classes: NumericClass[];
  condition: Condition | null;
}

/** One value of a categorical table. */
export interface TableEntry {
  value: string;
  grade: Grade;
  note: string | null;
}

/** A criterion graded by a table of values. */
export interface CategoricalCriterion extends CriterionBase {
  kind: "categorical";
  table: TableEntry[];
}

/** A criterion graded by a yes/no answer. */
export interface BooleanCriterion extends CriterionBase {
  kind: "boolean";
  yes: string[];
  no: string[];
  gradeIfYes: Grade;
  gradeIfNo: Grade;
}

/** One criterion of the system. */
export type Criterion = NumericCriterion | CategoricalCriterion | BooleanCriterion;

/** A validated indicator system. */
export interface IndicatorSystem {
  id: string;
  version: string;
  name: string;
  source: string[];
  criteria: Criterion[];
  /** Where it was loaded from ("内置" for an object given in code). */
  origin: string;
}

/** The default configuration file. */
export const DEFAULT_INDICATORS_URL: URL = new URL("../../data/config/indicators_v1.json", import.meta.url);

type Json = Record<string, unknown>;

class Checker {
  constructor(readonly origin: string) {}
  fail(key: string, msg: string): never {
    throw new Error(`指标体系配置“${this.origin}”错误：${key} ${msg}`);
  }
  obj(v: unknown, key: string): Json {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(key, "应为对象");
    return v as Json;
  }
  str(
    o: Json,
    name: string,
    key: string,
    opts: { optional?: boolean; pattern?: RegExp } = {},
  ): string | null {
    const v = o[name];
    if (v === undefined || v === null) {
      if (opts.optional) return null;
      this.fail(`${key}.${name}`, "缺失");
    }
    if (typeof v !== "string" || v.trim() === "") {
      this.fail(`${key}.${name}`, `应为非空文本，收到 ${JSON.stringify(v)}`);
    }
    if (opts.pattern && !opts.pattern.test(v)) {
      this.fail(`${key}.${name}`, `“${v}”格式不对（应符合 ${opts.pattern}）`);
    }
    return v.trim();
  }
  strs(o: Json, name: string, key: string): string[] {
    const v = o[name];
    if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== "string" || s.trim() === "")) {
      this.fail(`${key}.${name}`, `应为非空的文本数组，收到 ${JSON.stringify(v)}`);
    }
    return (v as string[]).map((s) => s.trim());
  }
  grade(o: Json, name: string, key: string): Grade {
    const v = o[name];
    if (!GRADES.includes(v as Grade)) {
      this.fail(`${key}.${name}`, `应为 ${GRADES.join("/")} 之一，收到 ${JSON.stringify(v)}`);
    }
    return v as Grade;
  }
}

const NUM = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const INTERVAL = new RegExp(
  String.raw`^\s*([\[(])\s*(${NUM})\s*,\s*(${NUM}|\+?∞|\+?inf(?:inity)?)\s*([\])])\s*$`,
  "i",
);

/**
 * Parses "[a, b)", "(a, b]", "[a, +∞)" (also "+inf"); null when malformed or empty.
 *
 * @example
 * ```ts
 * parseInterval("[500, 1000)"); // { lo: 500, loClosed: true, hi: 1000, hiClosed: false, text: "[500, 1000)" }
 * ```
 */
export function parseInterval(text: string): Interval | null {
  const m = INTERVAL.exec(text);
  if (!m) return null;
  const lo = Number(m[2]);
  const hi = /∞|inf/i.test(m[3]) ? Infinity : Number(m[3]);
  const iv: Interval = { lo, loClosed: m[1] === "[", hi, hiClosed: m[4] === "]", text: text.trim() };
  if (hi === Infinity && iv.hiClosed) return null;
  if (!(lo < hi || (lo === hi && iv.loClosed && iv.hiClosed))) return null;
  return iv;
}

/**
 * Whether x lies in the interval.
 *
 * @example
 * ```ts
 * inInterval(500, parseInterval("[500, 1000)")!); // true
 * ```
 */
export function inInterval(x: number, iv: Interval): boolean {
  const above = iv.loClosed ? x >= iv.lo : x > iv.lo;
  const below = iv.hi === Infinity ? true : iv.hiClosed ? x <= iv.hi : x < iv.hi;
  return above && below;
}

function checkClasses(ck: Checker, raw: unknown, key: string): NumericClass[] {
  if (!Array.isArray(raw) || raw.length === 0) ck.fail(`${key}.classes`, "应为非空数组");
  const classes = (raw as unknown[]).map((r, i) => {
    const k = `${key}.classes[${i}]`;
    const o = ck.obj(r, k);
    const text = ck.str(o, "interval", k)!;
    const interval = parseInterval(text);
    if (!interval) {
      ck.fail(`${k}.interval`, `“${text}”不是有效区间（如 "[0, 500)"、"(100, 500]"、"[1000, +∞)"）`);
    }
    return { interval, grade: ck.grade(o, "grade", k), name: ck.str(o, "name", k, { optional: true }) };
  });
  for (let i = 1; i < classes.length; i++) {
    const a = classes[i - 1].interval, b = classes[i].interval;
    if (a.hi !== b.lo || a.hiClosed === b.loClosed) {
      ck.fail(
        `${key}.classes[${i}].interval`,
        `“${b.text}”与上一类“${a.text}”${
          a.hi !== b.lo ? "不衔接" : a.hiClosed ? "在边界重叠" : "在边界留有空缺"
        }（区间须从小到大首尾相接、边界只属于一类）`,
      );
    }
  }
  const last = classes[classes.length - 1].interval;
  if (last.hi !== Infinity) ck.fail(`${key}.classes`, `最后一类“${last.text}”须开放到 +∞`);
  return classes;
}

function checkCriterion(ck: Checker, raw: unknown, i: number): Criterion {
  const key0 = `criteria[${i}]`;
  const o = ck.obj(raw, key0);
  const key = ck.str(o, "key", key0, { pattern: /^[a-z][a-z0-9_]*$/ })!;
  const k = `criteria[${i}]（${key}）`;
  const isDefault = o.isDefault === undefined ? false : o.isDefault;
  if (typeof isDefault !== "boolean") ck.fail(`${k}.isDefault`, "应为 true 或 false");
  const base = {
    key,
    label: ck.str(o, "label", k)!,
    group: ck.str(o, "group", k, { optional: true }),
    field: ck.str(o, "field", k)!,
    unit: ck.str(o, "unit", k, { optional: true }),
    description: ck.str(o, "description", k, { optional: true }) ?? "",
    source: ck.str(o, "source", k, { optional: true }) ?? "",
    isDefault,
  };
  switch (o.kind) {
    case "numeric": {
      let condition: Condition | null = null;
      if (o.condition !== undefined && o.condition !== null) {
        const c = ck.obj(o.condition, `${k}.condition`);
        const ckk = `${k}.condition`;
        condition = {
          field: ck.str(c, "field", ckk)!,
          label: ck.str(c, "label", ckk, { optional: true }) ?? ck.str(c, "field", ckk)!,
          yes: ck.strs(c, "yes", ckk),
          no: ck.strs(c, "no", ckk),
          gradeIfNo: ck.grade(c, "gradeIfNo", ckk),
          nameIfNo: ck.str(c, "nameIfNo", ckk, { optional: true }),
        };
        const both = condition.yes.find((v) => condition!.no.includes(v));
        if (both) ck.fail(`${ckk}`, `“${both}”同时出现在 yes 与 no 中`);
      }
      return { ...base, kind: "numeric", classes: checkClasses(ck, o.classes, k), condition };
    }
    case "categorical": {
      if (!Array.isArray(o.table) || o.table.length === 0) ck.fail(`${k}.table`, "应为非空数组");
      const seen = new Set<string>();
      const table = (o.table as unknown[]).map((r, j) => {
        const e = ck.obj(r, `${k}.table[${j}]`);
        const value = ck.str(e, "value", `${k}.table[${j}]`)!;
        if (seen.has(value)) ck.fail(`${k}.table[${j}].value`, `“${value}”重复`);
        seen.add(value);
        return {
          value,
          grade: ck.grade(e, "grade", `${k}.table[${j}]`),
          note: ck.str(e, "note", `${k}.table[${j}]`, { optional: true }),
        };
      });
      return { ...base, kind: "categorical", table };
    }
    case "boolean": {
      const yes = ck.strs(o, "yes", k), no = ck.strs(o, "no", k);
      const both = yes.find((v) => no.includes(v));
      if (both) ck.fail(k, `“${both}”同时出现在 yes 与 no 中`);
      return {
        ...base,
        kind: "boolean",
        yes,
        no,
        gradeIfYes: ck.grade(o, "gradeIfYes", k),
        gradeIfNo: ck.grade(o, "gradeIfNo", k),
      };
    }
    default:
      ck.fail(`${k}.kind`, `应为 numeric、categorical 或 boolean，收到 ${JSON.stringify(o.kind)}`);
  }
}

/**
 * Validates a parsed configuration object and returns the typed system. Throws a Chinese
 * error naming `origin` and the key (e.g. `criteria[1]（traffic）.classes[1].interval`).
 *
 * @example
 * ```ts
 * parseIndicatorSystem({ id: "x", version: "1", name: "测试", criteria: [] }, "内置");
 * // throws: 指标体系配置“内置”错误：criteria 应为非空数组
 * ```
 */
export function parseIndicatorSystem(raw: unknown, origin: string = "内置"): IndicatorSystem {
  const ck = new Checker(origin);
  const o = ck.obj(raw, "（顶层）");
  const id = ck.str(o, "id", "（顶层）", { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ })!;
  const version = ck.str(o, "version", "（顶层）")!;
  const name = ck.str(o, "name", "（顶层）")!;
  const source = o.source === undefined ? [] : ck.strs(o, "source", "（顶层）");
  if (!Array.isArray(o.criteria) || o.criteria.length === 0) ck.fail("criteria", "应为非空数组");
  const criteria = (o.criteria as unknown[]).map((c, i) => checkCriterion(ck, c, i));
  const keys = new Set<string>(), fields = new Map<string, string>();
  for (const c of criteria) {
    if (keys.has(c.key)) ck.fail(`criteria（${c.key}）.key`, `“${c.key}”重复`);
    keys.add(c.key);
    const own = [c.field, ...(c.kind === "numeric" && c.condition ? [c.condition.field] : [])];
    for (const f of own) {
      if (/^(BSM|部件号)$|^照片\d+/.test(f)) {
        ck.fail(`criteria（${c.key}）.field`, `“${f}”与表格的保留列冲突`);
      }
      if (fields.has(f)) ck.fail(`criteria（${c.key}）.field`, `“${f}”已被 ${fields.get(f)} 使用`);
      fields.set(f, c.key);
    }
  }
  return { id, version, name, source, criteria, origin };
}

/**
 * Reads and validates an indicator system file (default: `data/config/indicators_v1.json`).
 *
 * @example
 * ```ts
 * const sys = await loadIndicatorSystem("my_indicators.json");
 * ```
 */
export async function loadIndicatorSystem(path?: string | URL): Promise<IndicatorSystem> {
  const target = path ?? DEFAULT_INDICATORS_URL;
  const shown = target instanceof URL ? decodeURIComponent(target.pathname) : target;
  let text: string;
  try {
    text = await Deno.readTextFile(target);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`找不到指标体系配置文件“${shown}”`);
    throw new Error(`无法读取指标体系配置文件“${shown}”：${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`指标体系配置“${shown}”不是有效的 JSON：${(e as Error).message}`);
  }
  return parseIndicatorSystem(raw, shown);
}

/**
 * Every column a return must fill for the system, in form order (conditions before their number).
 *
 * @example
 * ```ts
 * indicatorFields(system); // ["生产现状", "有无道路", "道路距离（米）", …]
 * ```
 */
export function indicatorFields(system: IndicatorSystem): string[] {
  return system.criteria.flatMap((c) =>
    c.kind === "numeric" && c.condition ? [c.condition.field, c.field] : [c.field]
  );
}
