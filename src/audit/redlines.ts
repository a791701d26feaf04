/**
 * Differentiated red lines (seed 000 §4.1, DOMAIN.md §1): which region type a county belongs to,
 * and the verdict of each county and year under its type's rules. Types and rules are
 * configuration (`data/config/redlines_v1.json`):
 *
 * - developed (经济发达地区): quantity, capacity and layout hold; metropolises (北京、上海…) also
 *   zero loss, no retreat;
 * - grain (粮食主产区): quantity, quality, paddy, permanent basic farmland quantity, ecology;
 * - fragile (生态脆弱区): quality and ecology first; marginal farmland may be retired, and a
 *   shortfall within the marginal farmland occupied is not 占多补少;
 * - general: the plain 占补 rule (quantity, quality, capacity) where no type is configured.
 *
 * A county's type: `assignment.counties`, else admin_units.csv `region_type`, else the seed's
 * suggestion when switched on (内蒙古 out of the grain list), else `assignment.provinces` (the 13
 * main grain-producing provinces; 北京、上海 as metropolises), else `assignment.default`.
 *
 * @example
 * ```ts
 * const t = regionTypeOf("900103", new Map([["900103", "fragile"]]), cfg); // { type: "fragile", … }
 * const v = redlineVerdict(balanceRow, flagsOfThatCountyYear, cfg);
 * v.status; // "pass" | "fail" | "na"
 * ```
 * @module
 */
import type { AuditConfig, RedlineCheck, RegionRules } from "./config.ts";
import type { AuditFlag, CountyYearBalance } from "./types.ts";
import { gradeText, muText, REDLINE_LABELS } from "./labels.ts";

/** A county's region type and where it came from. */
export interface RegionTypeOf {
  type: string;
  source: "config_county" | "admin_units" | "seed_suggestion" | "config_province" | "default";
}

/** Resolves a county's region type (see the module doc for the order). */
export function regionTypeOf(
  county: string,
  adminTypes: ReadonlyMap<string, string>,
  cfg: AuditConfig,
): RegionTypeOf {
  const as = cfg.assignment;
  const known = (t: string | undefined): t is string => t !== undefined && t in cfg.regionTypes;
  if (known(as.counties[county])) return { type: as.counties[county], source: "config_county" };
  const given = adminTypes.get(county)?.trim();
  // A key (fragile) or its Chinese label (生态脆弱区), as analysts write it.
  const fromAdmin = given === undefined || known(given)
    ? given
    : Object.entries(cfg.regionTypes).find(([, r]) => r.label === given)?.[0] ?? given;
  if (fromAdmin !== undefined) {
    if (!known(fromAdmin)) {
      throw new Error(
        `行政区表中 ${county} 的 region_type“${fromAdmin}”不是已配置的地区类型（${
          Object.entries(cfg.regionTypes).map(([k, r]) => `${k} ${r.label}`).join("、")
        }）`,
      );
    }
    return { type: fromAdmin, source: "admin_units" };
  }
  const prov = county.slice(0, 2);
  if (as.seedSuggestion.apply && as.seedSuggestion.provinces.includes(prov)) {
    return { type: as.seedSuggestion.moveTo, source: "seed_suggestion" };
  }
  if (known(as.provinces[prov])) return { type: as.provinces[prov], source: "config_province" };
  return { type: as.default, source: "default" };
}

/** Result of one red-line check. */
export interface CheckResult {
  check: RedlineCheck;
  label: string;
  status: "pass" | "fail" | "na";
  evidence: string;
}

/** The verdict of one county and year. */
export interface RedlineVerdict {
  county: string;
  countyName: string | null;
  year: number;
  regionType: string;
  regionLabel: string;
  status: "pass" | "fail" | "na";
  checks: CheckResult[];
}

const VIOLATION = (f: AuditFlag) => !f.exempt;

/** Evaluates one check on a county-year (non-exempt figures; exempt key projects stay apart). */
export function evaluateCheck(
  check: RedlineCheck,
  b: CountyYearBalance,
  flags: AuditFlag[],
  rules: RegionRules,
  cfg: AuditConfig,
): CheckResult {
  const a = cfg.audit, eps = a.areaEpsilonM2;
  const res = (status: CheckResult["status"], evidence: string): CheckResult => ({
    check,
    label: REDLINE_LABELS[check],
    status,
    evidence,
  });
  const none = b.occupations === 0;
  const codes = (list: string[]) => flags.filter((f) => VIOLATION(f) && list.includes(f.code));
  switch (check) {
    case "quantity": {
      if (none) return res("na", "本年度无（非豁免）占用耕地项目");
      const allow = rules.allowMarginalRetreat ? b.retreatAllowedM2 : 0;
      const ok = b.supAreaM2 + allow >= b.occAreaM2 * (1 - a.quantityToleranceShare) - eps;
      return res(
        ok ? "pass" : "fail",
        `占用 ${muText(b.occAreaM2)}，补充 ${muText(b.supAreaM2)}` +
          (allow > 0 ? `，按规则退出边际耕地 ${muText(allow)}（不计为占多补少）` : "") +
          (b.unsupplementedM2 > 0 ? `，其中未补充 ${muText(b.unsupplementedM2)}` : ""),
      );
    }
    case "quality": {
      if (b.occGrade === null || b.supGrade === null) return res("na", "占用或补充耕地没有等别");
      const ok = b.supGrade - b.occGrade <= a.gradeTolerance;
      return res(
        ok ? "pass" : "fail",
        `平均等别 占用 ${gradeText(b.occGrade)}，补充 ${
          gradeText(b.supGrade)
        }（容差 ${a.gradeTolerance} 等）`,
      );
    }
    case "capacity": {
      if (none || b.occCapacityKg === null) return res("na", "无可折算产能的占用耕地");
      const sup = b.supCapacityKg ?? 0;
      const ok = sup >= b.occCapacityKg * (1 - a.capacityToleranceShare) - 1e-6;
      return res(
        ok ? "pass" : "fail",
        `产能 占用 ${Math.round(b.occCapacityKg)} kg，补充 ${Math.round(sup)} kg（标准粮产量表为默认值）`,
      );
    }
    case "paddy": {
      if (none) return res("na", "本年度无（非豁免）占用耕地项目");
      const ok = b.occPaddyM2 <= eps || b.supPaddyM2 >= b.occPaddyM2 * (1 - a.paddyToleranceShare) - eps;
      return res(ok ? "pass" : "fail", `水田 占用 ${muText(b.occPaddyM2)}，补充 ${muText(b.supPaddyM2)}`);
    }
    case "layout": {
      const bad = codes(["whole_to_fragments", "pbf_hsf_block"]);
      if (none && bad.length === 0) return res("na", "本年度无（非豁免）占用耕地项目");
      return res(
        bad.length ? "fail" : "pass",
        bad.length
          ? `问题 ${bad.length} 项：${[...new Set(bad.flatMap((f) => f.occupationIds))].join("、")}`
          : "无占整补零、无成片占用优质耕地",
      );
    }
    case "ecology": {
      const bad = codes(["eco_unstable", "wetland_forest_destroyed"]);
      return res(
        bad.length ? "fail" : "pass",
        bad.length
          ? `生态不稳定或毁湿毁林补充 ${bad.length} 项：${
            [...new Set(bad.flatMap((f) => f.supplementIds))].join("、")
          }`
          : "无生态不稳定补充、无毁湿种地或毁林开荒",
      );
    }
    case "pbf_quantity": {
      if (none) return res("na", "本年度无（非豁免）占用耕地项目");
      const ok = b.occPbfM2 <= eps;
      return res(
        ok ? "pass" : "fail",
        ok
          ? "非豁免项目未占用永久基本农田"
          : `非豁免项目占用永久基本农田 ${muText(b.occPbfM2)}（补划记录不在输入数据中）`,
      );
    }
    case "zero_loss": {
      if (none) return res("na", "本年度无（非豁免）占用耕地项目");
      const ok = b.unsupplementedM2 <= eps && b.supLatestFarmM2 >= b.occAreaM2 - eps;
      return res(
        ok ? "pass" : "fail",
        `占用 ${muText(b.occAreaM2)}，补充且最新调查仍为耕地 ${muText(b.supLatestFarmM2)}，未补充 ${
          muText(b.unsupplementedM2)
        }；不允许退耕`,
      );
    }
  }
}

/** The verdict of one county-year under its region type's rules. */
export function redlineVerdict(b: CountyYearBalance, flags: AuditFlag[], cfg: AuditConfig): RedlineVerdict {
  const rules = cfg.regionTypes[b.regionType];
  const checks = rules.checks.map((c) => evaluateCheck(c, b, flags, rules, cfg));
  const status = checks.some((c) => c.status === "fail")
    ? "fail"
    : checks.some((c) => c.status === "pass")
    ? "pass"
    : "na";
  return {
    county: b.county,
    countyName: b.countyName,
    year: b.year,
    regionType: b.regionType,
    regionLabel: rules.label,
    status,
    checks,
  };
}
