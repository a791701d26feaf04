/**
 * Dates and date-times as analysts type them, one reader for every table (project tables, field
 * returns): 2021-03-02, 2021/3/2, 2021.3.2, 2021年3月2日, 20210302, ISO 2021-03-02T08:00:00, each
 * optionally followed by a time (13:02, 13:02:46, 13时02分46秒); and Excel date serials — a
 * number (or numeric text, as a CSV saved from Excel writes it) from 32874 to 73050, that is
 * 1990-01-01 to 2099-12-31 in Excel's 1900 date system, the fraction being the time of day. A
 * date-formatted cell is already text when the spreadsheet reader hands it over; a serial
 * arrives when the column's format was lost (a copy as values, a CSV).
 *
 * Impossible dates (2023-02-29, month 13) and anything else are `undefined`; blank is `null`.
 *
 * @example
 * ```ts
 * parseDateCell("2021年3月2日");            // "2021-03-02"
 * parseDateCell(44257);                      // "2021-03-02" (an Excel serial)
 * parseDateTimeCell("2024/7/11 13:02");     // "2024-07-11 13:02:00"
 * parseDateTimeCell(45484.5435);             // "2024-07-11 13:02:38"
 * parseDateCell("三月");                      // undefined
 * ```
 * @module
 */

/** The first and last Excel serials read as dates (1990-01-01 … 2099-12-31, 1900 system). */
export const EXCEL_SERIAL_RANGE = [32874, 73050] as const;

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const TIME = /^(?:[ T]+|\s*)(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?秒?)?分?(?:Z|[+-]\d{2}:?\d{2})?$/;

const pad = (n: number) => String(n).padStart(2, "0");

/** Y-M-D h:m:s → "YYYY-MM-DD HH:MM:SS", or undefined when it is no real date or time. */
function checked(y: number, mo: number, d: number, h: number | null, mi = 0, sec = 0): string | undefined {
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (h === null) return date;
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  return `${date} ${pad(h)}:${pad(mi)}:${pad(sec)}`;
}

/** An Excel serial (1900 system) as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" when it has a time. */
function fromSerial(x: number): string | undefined {
  if (!(x >= EXCEL_SERIAL_RANGE[0] && x < EXCEL_SERIAL_RANGE[1] + 1)) return undefined;
  const ms = Math.round(x * 86400) * 1000 + Date.UTC(1899, 11, 30);
  const t = new Date(ms);
  const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  return Number.isInteger(x) ? date : `${date} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}

/**
 * A date cell with an optional time: "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS"; blank → null;
 * anything that is not a real date → undefined.
 */
export function parseDateTimeCell(v: unknown): string | null | undefined {
  if (v == null) return null;
  if (typeof v === "number") return Number.isFinite(v) ? fromSerial(v) : undefined;
  const s = String(v).trim();
  if (s === "") return null;
  if (/^\d{5}(\.\d+)?$/.test(s)) return fromSerial(Number(s));
  const c = COMPACT.exec(s);
  if (c) return checked(Number(c[1]), Number(c[2]), Number(c[3]), null);
  const m = DATE.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const rest = s.slice(m[0].length);
  if (rest.trim() === "") return checked(y, mo, d, null);
  const t = TIME.exec(rest);
  if (!t) return undefined;
  return checked(y, mo, d, Number(t[1]), Number(t[2]), t[3] === undefined ? 0 : Number(t[3]));
}

/** A date cell: "YYYY-MM-DD" (a time, if any, is dropped); blank → null; not a date → undefined. */
export function parseDateCell(v: unknown): string | null | undefined {
  const dt = parseDateTimeCell(v);
  return dt == null ? dt : dt.slice(0, 10);
}
