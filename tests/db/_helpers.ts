/**
 * Helpers for the database tests: assertRejects (re-exported from tests/_assert.ts), a
 * tolerant deep comparison of result rows, and the small parcel/town tables the engine
 * tests load.
 */
import { AssertionError } from "../_assert.ts";
import { arrow } from "../../src/db/arrow.ts";

/** The two engines, for tests that run on each. */
export const KINDS: readonly ("wasm" | "native")[] = ["wasm", "native"];

export { assertRejects } from "../_assert.ts";

/**
 * Asserts two row lists are equal: same keys and order, numbers equal within a relative
 * 1e-9 (native DuckDB sums doubles on several threads, in another order than wasm).
 */
export function assertRowsEqual(actual: unknown, expected: unknown, msg: string): void {
  const diff = firstDifference(actual, expected, "");
  if (diff !== null) {
    throw new AssertionError(`${msg}: differ at ${diff}`);
  }
}

function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (typeof a === "number" && typeof b === "number") {
    if (Object.is(a, b)) return null;
    const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    return Math.abs(a - b) <= tol ? null : `${path}: ${a} vs ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join("\u0001") !== kb.join("\u0001")) return `${path}: keys ${ka} vs ${kb}`;
    for (const k of ka) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path}: ${Deno.inspect(a)} vs ${Deno.inspect(b)}`;
}

const TOWNS = ["城关镇", "河西乡", "东山村民委员会第三村民小组", "南岗", "West Hill"];
const CLASSES = ["水田", "水浇地", "旱地", "果园", "乔木林地", "农村宅基地"];

/**
 * A parcel table of `n` rows (project instance): id Int32, town Dictionary<Utf8>, owner
 * Utf8 (Chinese, some longer than 12 bytes, every 7th null), class Utf8, area Float64
 * (every 11th null), slope Float64, year Int32 (every 5th null), irrigated Bool,
 * surveyed DateDay, code Int64.
 */
export function parcelTable(n: number): arrow.Table {
  const id = Int32Array.from({ length: n }, (_, i) => i + 1);
  const town = Array.from({ length: n }, (_, i) => TOWNS[(i * 7) % TOWNS.length]);
  const owner = Array.from(
    { length: n },
    (_, i) =>
      i % 7 === 3 ? null : i % 3 === 0 ? `农户${i}` : `${TOWNS[i % TOWNS.length]}股份经济合作社第${i}户`,
  );
  const cls = Array.from({ length: n }, (_, i) => CLASSES[(i * 5 + (i >> 3)) % CLASSES.length]);
  const area = Array.from(
    { length: n },
    (_, i) => (i % 11 === 4 ? null : ((i * 7919) % 10007) / 3.7 + 0.125),
  );
  const slope = Float64Array.from({ length: n }, (_, i) => ((i * 31) % 250) / 10);
  const year = Array.from({ length: n }, (_, i) => (i % 5 === 2 ? null : 2009 + (i % 15)));
  const irrigated = Array.from({ length: n }, (_, i) => i % 4 !== 1);
  const surveyed = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2019, i % 12, 1 + (i % 28))));
  const code = BigInt64Array.from({ length: n }, (_, i) => 510115000000n + BigInt(i));
  return new arrow.Table({
    id: arrow.makeVector(id),
    town: arrow.vectorFromArray(town, new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())),
    owner: arrow.vectorFromArray(owner, new arrow.Utf8()),
    class: arrow.vectorFromArray(cls, new arrow.Utf8()),
    area: arrow.vectorFromArray(area, new arrow.Float64()),
    slope: arrow.makeVector(slope),
    year: arrow.vectorFromArray(year, new arrow.Int32()),
    irrigated: arrow.vectorFromArray(irrigated, new arrow.Bool()),
    surveyed: arrow.vectorFromArray(surveyed, new arrow.DateDay()),
    code: arrow.makeVector(code),
  });
}

/** The towns of `parcelTable` with their county (one town missing, to test the join). */
export function townTable(): arrow.Table {
  return arrow.tableFromArrays({
    town: TOWNS.slice(0, 4),
    county: ["武侯区", "武侯区", "双流区", "郫都区"],
    rank: Int32Array.from([1, 2, 3, 4]),
  });
}
