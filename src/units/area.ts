/**
 * Area units of the land survey: square metres (storage), 亩 and 公顷 (display).
 *
 * 1 亩 = 10000/15 m² (≈ 666.667 m²), 1 公顷 = 10000 m² = 15 亩. Conversions multiply before they
 * divide (`mu * 10000 / 15`), so whole numbers of 15 亩 convert to whole square metres exactly
 * and a threshold such as 50 亩 is the double nearest to 500000/15 m².
 *
 * @module
 */

/**
 * Square metres per 亩: exactly 10000/15 (≈ 666.6667).
 *
 * @example
 * ```ts
 * M2_PER_MU * 15; // ≈ 10000
 * ```
 */
export const M2_PER_MU: number = 10000 / 15;

/**
 * Square metres per 公顷 (hectare).
 *
 * @example
 * ```ts
 * 3 * M2_PER_HA; // 30000
 * ```
 */
export const M2_PER_HA: number = 10000;

/**
 * 亩 per 公顷.
 *
 * @example
 * ```ts
 * 2 * MU_PER_HA; // 30
 * ```
 */
export const MU_PER_HA: number = 15;

/** The area units the workspace shows. */
export type AreaUnit = "m2" | "mu" | "ha";

/**
 * Chinese labels of the area units, for table headers, axis titles and formatted values.
 *
 * @example
 * ```ts
 * `面积（${UNIT_LABELS.mu}）`; // "面积（亩）"
 * ```
 */
export const UNIT_LABELS: Readonly<Record<AreaUnit, string>> = Object.freeze({
  m2: "平方米",
  mu: "亩",
  ha: "公顷",
});

/**
 * Square metres to 亩 (`m2 * 15 / 10000`).
 *
 * @example
 * ```ts
 * m2ToMu(10000); // 15
 * ```
 */
export function m2ToMu(m2: number): number {
  return (m2 * 15) / 10000;
}

/**
 * 亩 to square metres (`mu * 10000 / 15`).
 *
 * @example
 * ```ts
 * muToM2(15); // 10000
 * muToM2(50); // 33333.333333333336 (= 500000 / 15)
 * ```
 */
export function muToM2(mu: number): number {
  return (mu * 10000) / 15;
}

/**
 * Square metres to 公顷.
 *
 * @example
 * ```ts
 * m2ToHa(25000); // 2.5
 * ```
 */
export function m2ToHa(m2: number): number {
  return m2 / M2_PER_HA;
}

/**
 * 公顷 to square metres.
 *
 * @example
 * ```ts
 * haToM2(2.5); // 25000
 * ```
 */
export function haToM2(ha: number): number {
  return ha * M2_PER_HA;
}

/**
 * Converts square metres to the given unit.
 *
 * @example
 * ```ts
 * m2To(20000, "ha"); // 2
 * ```
 */
export function m2To(m2: number, unit: AreaUnit): number {
  switch (unit) {
    case "m2":
      return m2;
    case "mu":
      return m2ToMu(m2);
    case "ha":
      return m2ToHa(m2);
  }
}

const formatters = new Map<number, Intl.NumberFormat>();

/**
 * Formats a plain number the zh-CN way: thousands separators, fixed `digits` decimals, and no
 * sign on a value that rounds to zero ("0.00", never "-0.00"). Non-finite values print as
 * `Intl` prints them ("NaN", "∞"), so a bad value stays visible.
 *
 * @example
 * ```ts
 * formatNumber(1234567.891); // "1,234,567.89"
 * formatNumber(1234.5, 0);   // "1,235"
 * ```
 */
export function formatNumber(value: number, digits: number = 2): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`小数位数须为 0–20 的整数，收到 ${digits}`);
  }
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat("zh-CN", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: true,
      signDisplay: "negative",
    });
    formatters.set(digits, f);
  }
  return f.format(value);
}

/**
 * Formats an area given in square metres in the chosen unit, with the unit label.
 *
 * @example
 * ```ts
 * formatArea(823047.5, "mu"); // "1,234.57 亩"
 * formatArea(1500, "m2", 0);  // "1,500 平方米"
 * ```
 */
export function formatArea(m2: number, unit: AreaUnit, digits: number = 2): string {
  return `${formatNumber(m2To(m2, unit), digits)} ${UNIT_LABELS[unit]}`;
}

/**
 * Formats square metres as 亩 with thousands separators and the unit.
 *
 * @example
 * ```ts
 * formatMu(823047.5);   // "1,234.57 亩"
 * formatMu(10000, 0);   // "15 亩"
 * ```
 */
export function formatMu(m2: number, digits: number = 2): string {
  return formatArea(m2, "mu", digits);
}

/**
 * Formats square metres as 公顷 with thousands separators and the unit.
 *
 * @example
 * ```ts
 * formatHa(12345678); // "1,234.57 公顷"
 * ```
 */
export function formatHa(m2: number, digits: number = 2): string {
  return formatArea(m2, "ha", digits);
}

/**
 * Formats square metres as square metres with thousands separators and the unit.
 *
 * @example
 * ```ts
 * formatM2(400); // "400.00 平方米"
 * ```
 */
export function formatM2(m2: number, digits: number = 2): string {
  return formatArea(m2, "m2", digits);
}
