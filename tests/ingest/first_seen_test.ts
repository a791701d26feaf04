/**
 * firstSeen (the BSM duplicate check) gives what a Map from value to its first row gives: on
 * random columns with duplicates and nulls, with the real hash and with hashes forced to collide
 * (a constant, the length), and on a column long enough to leave fewer than 32 bits of hash.
 */
import { assertEquals } from "../_assert.ts";
import { firstSeen } from "../../src/ingest/first_seen.ts";

function reference(values: readonly (string | null)[]): Int32Array {
  const first = new Map<string, number>();
  return Int32Array.from(values, (v, k) => {
    if (v == null) return -1;
    if (!first.has(v)) first.set(v, k);
    return first.get(v)!;
  });
}

/** A deterministic random column: `distinct` values (some Chinese), nulls. */
function column(n: number, distinct: number, seed: number): (string | null)[] {
  let s = seed;
  const rnd = () => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5 | 0) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, () => {
    const r = rnd();
    if (r < 0.05) return null;
    const v = Math.floor(rnd() * distinct);
    return v % 3 === 0 ? `图斑${v}` : `5101${String(v).padStart(14, "0")}`;
  });
}

Deno.test("firstSeen: the first row of each value, as a Map gives it, with and without hash collisions", () => {
  for (const [n, distinct, seed] of [[0, 1, 1], [1, 1, 2], [50, 5, 3], [2_000, 1_800, 4], [5_000, 50, 5]]) {
    const col = column(n, distinct, seed);
    const want = reference(col);
    assertEquals(firstSeen(col), want, `n ${n}, ${distinct} values`);
    assertEquals(firstSeen(col, () => 7), want, `n ${n}: every hash equal`);
    assertEquals(firstSeen(col, (s) => s.length), want, `n ${n}: hash = length`);
  }
  assertEquals([...firstSeen(["a", "b", "a", null, "b", "a"])], [0, 1, 0, -1, 1, 0]);
});

Deno.test("firstSeen: a column of 2^21 rows (31 bits left for the hash) still matches the Map", () => {
  const n = 2 ** 21 + 3;
  const col = Array.from({ length: n }, (_, k) => (k % 1_000_003 === 0 ? null : String((k * 2_654_435_761) % 3_000_017)));
  assertEquals(firstSeen(col), reference(col));
});
