/**
 * The audit's configuration (`data/config/redlines_v1.json`): thresholds of every 占补平衡 check,
 * the standard-yield table that turns area × grade into productive capacity, the layer names,
 * and the differentiated red lines per region type (seed 000 §4.1). All thresholds and the
 * yield table are this workspace's defaults, not official tables; the file says so.
 *
 * @example
 * ```ts
 * const cfg = await loadAuditConfig();              // the default file
 * const mine = await loadAuditConfig("my.json");    // merged over the default, then validated
 * cfg.audit.block.minMu; // 50
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { assertSafeKey, putOwn } from "../units/safe_keys.ts";

/** Names of the red-line checks a region type can require. */
export const REDLINE_CHECKS = [
  "quantity",
  "quality",
  "capacity",
  "paddy",
  "layout",
  "ecology",
  "pbf_quantity",
  "zero_loss",
] as const;
/** One red-line check name. */
export type RedlineCheck = typeof REDLINE_CHECKS[number];

/** Rules of one region type. */
export interface RegionRules {
  label: string;
  checks: RedlineCheck[];
  /** Marginal farmland may be retired: an occupation's shortfall up to its marginal area is not 占多补少. */
  allowMarginalRetreat: boolean;
  note: string;
}

/** Thresholds of the checks (areas m², grades 1 best … 15 worst). */
export interface AuditThresholds {
  /** Differences below this (m²) are rounding, never a finding. */
  areaEpsilonM2: number;
  /** 占多补少 when supplemented < occupied × (1 − share). */
  quantityToleranceShare: number;
  /** 占优补劣 when the supplement's area-weighted grade exceeds the occupied one's by more than this. */
  gradeTolerance: number;
  /** 占水田补旱地 when supplemented paddy < occupied paddy × (1 − share). */
  paddyToleranceShare: number;
  /** Capacity balance when supplemented capacity ≥ occupied × (1 − share). */
  capacityToleranceShare: number;
  fragmentation: { patchBelowMu: number; gapM: number; supplementShareMin: number; shareIncreaseMin: number };
  block: { minMu: number; gapM: number };
  ecology: {
    /** A project is flagged when its supplemented area on unstable land reaches this (m²). */
    minAreaM2: number;
    /** A parcel counts as inside the slope or flood layer when at least this share of it lies inside. */
    parcelShareMin: number;
    slopeGrade: number;
    floodTbxh: string[];
    forestGrassTbxh: string[];
    forestGrassPriorCodes: string[];
  };
  wetlandPriorCodes: string[];
  forestPriorCodes: string[];
  poorSteepRaw: {
    poorGradeMin: number;
    steepSlopeGradeMin: number;
    rawPriorCodes: string[];
    shareMin: number;
  };
  abandonedZzsx: string[];
  marginal: { slopeGradeMin: number; gradeMin: number; tbxh: string[] };
  /** Layer paths relative to a county folder, without extension. */
  layers: { pbf: string; hsf: string; slope: string; flood: string };
}

/** How counties get their region type. */
export interface RegionAssignment {
  /** County code → type (wins over everything). */
  counties: Record<string, string>;
  /** Province code (2 digits) → type. */
  provinces: Record<string, string>;
  /** Type when nothing else says. */
  default: string;
  /** The seed's suggestion to move provinces (内蒙古) out of the grain list; off by default. */
  seedSuggestion: { apply: boolean; provinces: string[]; moveTo: string; note: string };
}

/** The whole configuration file. */
export interface AuditConfig {
  id: string;
  version: string;
  name: string;
  source: string[];
  audit: AuditThresholds;
  standardYield: { isDefault: boolean; unit: string; note: string; byGrade: Record<string, number> };
  regionTypes: Record<string, RegionRules>;
  assignment: RegionAssignment;
  /** Where it was read from (set by the loader). */
  path?: string;
}

/** Path of the default configuration. */
export const DEFAULT_AUDIT_CONFIG_URL: URL = new URL("../../data/config/redlines_v1.json", import.meta.url);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge: objects merge key by key, everything else (arrays included) replaces. */
export function mergeConfig<T>(base: T, over: unknown, where = "配置文件"): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    assertSafeKey(k, where);
    putOwn(out, k, Object.hasOwn(out, k) ? mergeConfig(out[k], v, where) : v);
  }
  return out as T;
}

/**
 * Validates a configuration; throws one Chinese error listing what is wrong (path, expected, got).
 */
export function validateAuditConfig(c: AuditConfig, source = "配置"): AuditConfig {
  const errs: string[] = [];
  const num = (path: string, v: unknown, min = 0, max = Infinity) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
      errs.push(`${path} 应为 ${min}–${max === Infinity ? "∞" : max} 的数，实为 ${JSON.stringify(v)}`);
    }
  };
  const codes = (path: string, v: unknown) => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) errs.push(`${path} 应为字符串数组`);
  };
  const a = c.audit;
  if (!isObject(a)) throw new Error(`${source}：缺少 audit 段`);
  num("audit.areaEpsilonM2", a.areaEpsilonM2);
  num("audit.quantityToleranceShare", a.quantityToleranceShare, 0, 1);
  num("audit.gradeTolerance", a.gradeTolerance, 0, 14);
  num("audit.paddyToleranceShare", a.paddyToleranceShare, 0, 1);
  num("audit.capacityToleranceShare", a.capacityToleranceShare, 0, 1);
  num("audit.fragmentation.patchBelowMu", a.fragmentation?.patchBelowMu);
  num("audit.fragmentation.gapM", a.fragmentation?.gapM);
  num("audit.fragmentation.supplementShareMin", a.fragmentation?.supplementShareMin, 0, 1);
  num("audit.fragmentation.shareIncreaseMin", a.fragmentation?.shareIncreaseMin, 0, 1);
  num("audit.block.minMu", a.block?.minMu);
  num("audit.block.gapM", a.block?.gapM);
  num("audit.ecology.minAreaM2", a.ecology?.minAreaM2);
  num("audit.ecology.parcelShareMin", a.ecology?.parcelShareMin, 0, 1);
  num("audit.ecology.slopeGrade", a.ecology?.slopeGrade, 1, 5);
  codes("audit.ecology.floodTbxh", a.ecology?.floodTbxh);
  codes("audit.ecology.forestGrassTbxh", a.ecology?.forestGrassTbxh);
  codes("audit.ecology.forestGrassPriorCodes", a.ecology?.forestGrassPriorCodes);
  codes("audit.wetlandPriorCodes", a.wetlandPriorCodes);
  codes("audit.forestPriorCodes", a.forestPriorCodes);
  num("audit.poorSteepRaw.poorGradeMin", a.poorSteepRaw?.poorGradeMin, 1, 15);
  num("audit.poorSteepRaw.steepSlopeGradeMin", a.poorSteepRaw?.steepSlopeGradeMin, 1, 5);
  codes("audit.poorSteepRaw.rawPriorCodes", a.poorSteepRaw?.rawPriorCodes);
  num("audit.poorSteepRaw.shareMin", a.poorSteepRaw?.shareMin, 0, 1);
  codes("audit.abandonedZzsx", a.abandonedZzsx);
  num("audit.marginal.slopeGradeMin", a.marginal?.slopeGradeMin, 1, 5);
  num("audit.marginal.gradeMin", a.marginal?.gradeMin, 1, 15);
  codes("audit.marginal.tbxh", a.marginal?.tbxh);
  for (const k of ["pbf", "hsf", "slope", "flood"] as const) {
    if (typeof a.layers?.[k] !== "string") {
      errs.push(`audit.layers.${k} 应为图层路径（相对县目录、不含扩展名）`);
    }
  }
  for (let g = 1; g <= 15; g++) num(`standardYield.byGrade.${g}`, c.standardYield?.byGrade?.[String(g)]);
  if (!isObject(c.regionTypes) || Object.keys(c.regionTypes).length === 0) errs.push("regionTypes 不能为空");
  for (const [name, r] of Object.entries(c.regionTypes ?? {})) {
    if (typeof r.label !== "string") errs.push(`regionTypes.${name}.label 缺失`);
    if (!Array.isArray(r.checks)) errs.push(`regionTypes.${name}.checks 应为数组`);
    for (const ch of r.checks ?? []) {
      if (!REDLINE_CHECKS.includes(ch)) {
        errs.push(`regionTypes.${name}.checks 含未知检查“${ch}”（可选：${REDLINE_CHECKS.join("、")}）`);
      }
    }
    if (typeof r.allowMarginalRetreat !== "boolean") {
      errs.push(`regionTypes.${name}.allowMarginalRetreat 应为 true/false`);
    }
  }
  const types = new Set(Object.keys(c.regionTypes ?? {}));
  const as = c.assignment;
  if (!isObject(as)) errs.push("缺少 assignment 段");
  else {
    if (!types.has(as.default)) errs.push(`assignment.default“${as.default}”不是已定义的地区类型`);
    for (const [k, t] of [...Object.entries(as.counties ?? {}), ...Object.entries(as.provinces ?? {})]) {
      if (!types.has(t)) errs.push(`assignment 中 ${k} 的类型“${t}”未定义`);
    }
    if (as.seedSuggestion?.apply && !types.has(as.seedSuggestion.moveTo)) {
      errs.push(`assignment.seedSuggestion.moveTo“${as.seedSuggestion.moveTo}”未定义`);
    }
  }
  if (errs.length) throw new Error(`${source} 有误：${errs.join("；")}`);
  return c;
}

/**
 * Reads the configuration: the default file, or `path` merged over it (so a file may hold only
 * the keys it changes). Throws a Chinese error naming the file when it is missing, not JSON, or
 * invalid.
 */
export async function loadAuditConfig(path?: string): Promise<AuditConfig> {
  const base = JSON.parse(await Deno.readTextFile(DEFAULT_AUDIT_CONFIG_URL)) as AuditConfig;
  if (!path) {
    return validateAuditConfig(
      { ...base, path: fileURLToPath(DEFAULT_AUDIT_CONFIG_URL) },
      "默认配置 redlines_v1.json",
    );
  }
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    throw new Error(`找不到配置文件“${path}”`);
  }
  let over: unknown;
  try {
    over = JSON.parse(text);
  } catch (e) {
    throw new Error(`配置文件“${path}”不是有效的 JSON：${(e as Error).message}`);
  }
  return validateAuditConfig({ ...mergeConfig(base, over, `配置文件“${path}”`), path }, `配置文件“${path}”`);
}

/** The default configuration, synchronously (for tests and notebooks). */
export function defaultAuditConfig(): AuditConfig {
  const base = JSON.parse(Deno.readTextFileSync(DEFAULT_AUDIT_CONFIG_URL)) as AuditConfig;
  return validateAuditConfig({ ...base, path: fileURLToPath(DEFAULT_AUDIT_CONFIG_URL) });
}
