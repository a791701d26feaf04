/**
 * Helpers shared by the two engines: identifier quoting, parameter normalisation, error
 * wrapping and the row-count check after a load.
 *
 * @module
 */

/**
 * A value that can be bound to a `$1` / `?` parameter on both engines.
 *
 * @example
 * ```ts
 * const params: SqlParam[] = ["水田", 1.5, null, new Date()];
 * ```
 */
export type SqlParam = string | number | boolean | null | bigint | Date;

/**
 * Settings run on every new connection: no extension is installed or loaded behind the
 * caller's back (there is no network; an autoload attempt in duckdb-wasm hangs, e.g. on
 * `current_setting('TimeZone')`).
 *
 * @example
 * ```ts
 * for (const s of SESSION_SETTINGS) await conn.run(s);
 * ```
 */
export const SESSION_SETTINGS: readonly string[] = [
  "SET autoinstall_known_extensions = false",
  "SET autoload_known_extensions = false",
];

/**
 * Quotes an SQL identifier (table or column name) with double quotes, doubling any
 * embedded quote. Identifiers cannot be bound as parameters, so this is the one place
 * names enter SQL text.
 *
 * @example
 * ```ts
 * quoteIdent('地块 "A"'); // '"地块 ""A"""'
 * ```
 */
export function quoteIdent(name: string): string {
  if (typeof name !== "string" || name.length === 0) {
    throw new Error(`无效的表名或列名：${JSON.stringify(name)}`);
  }
  if (name.includes("\u0000")) throw new Error(`表名或列名中不能含有 NUL 字符：${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Normalises parameters the same way for both engines, so a query binds the same types
 * everywhere: numbers stay numbers (bound as DOUBLE), a bigint becomes a number when it
 * is a safe integer (else an error), a Date becomes its ISO text (DuckDB casts it where a
 * DATE/TIMESTAMP is expected), undefined becomes null. Anything else is refused.
 *
 * @example
 * ```ts
 * normalizeParams([1n, new Date(0), undefined]); // [1, "1970-01-01T00:00:00.000Z", null]
 * ```
 */
export function normalizeParams(params: readonly unknown[]): (string | number | boolean | null)[] {
  return params.map((p, i) => {
    if (p === null || p === undefined) return null;
    switch (typeof p) {
      case "string":
      case "boolean":
        return p;
      case "number":
        return p;
      case "bigint":
        if (p > BigInt(Number.MAX_SAFE_INTEGER) || p < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new Error(`第 ${i + 1} 个参数 ${p} 超出了安全整数范围，无法绑定`);
        }
        return Number(p);
      case "object":
        if (p instanceof Date) return p.toISOString();
    }
    throw new Error(
      `第 ${i + 1} 个参数的类型（${typeof p}）不支持绑定；只能用字符串、数字、布尔值、null、bigint 或 Date`,
    );
  });
}

/**
 * Wraps a DuckDB error into a Chinese one that keeps DuckDB's own message (and the SQL).
 *
 * @example
 * ```ts
 * try { await conn.run("selec 1"); } catch (e) { throw sqlError(e, "selec 1"); }
 * // Error: SQL 执行失败：Parser Error: syntax error at or near "selec" …
 * ```
 */
export function sqlError(cause: unknown, sql: string): Error {
  const msg = cause instanceof Error ? cause.message : String(cause);
  const shown = sql.length > 500 ? sql.slice(0, 500) + " …" : sql;
  return new Error(`SQL 执行失败：${msg}\nSQL：${shown}`, { cause });
}

/**
 * Throws when the row count in DuckDB differs from the Arrow table's.
 *
 * @example
 * ```ts
 * checkRowCount("parcels", 100, 100); // ok
 * checkRowCount("parcels", 100, 0);   // throws: 写入表 "parcels" 的行数不符 …
 * ```
 */
export function checkRowCount(name: string, expected: number, actual: number): void {
  if (expected !== actual) {
    throw new Error(
      `写入表 "${name}" 的行数不符：Arrow 表有 ${expected} 行，DuckDB 表中有 ${actual} 行`,
    );
  }
}

/**
 * Reads a count(*) value (number or bigint) as a number.
 *
 * @example
 * ```ts
 * countToNumber(3n); // 3
 * ```
 */
export function countToNumber(v: unknown): number {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return v;
  throw new Error(`无法读取行数：${String(v)}`);
}
