/**
 * Tiny assertion helpers for the test suite (no dependency on @std/assert).
 *
 * @example
 * ```ts
 * assertEquals({ a: [1, 2] }, { a: [1, 2] });
 * assertAlmostEquals(0.1 + 0.2, 0.3);
 * assertThrows(() => { throw new Error("boom"); }, Error, "boom");
 * ```
 * @module
 */

/** Error thrown by a failed assertion. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

function show(v: unknown): string {
  try {
    return Deno.inspect(v, { depth: 8, colors: false });
  } catch {
    return String(v);
  }
}

/**
 * Asserts that a condition is truthy.
 *
 * @example
 * ```ts
 * assert(1 < 2, "order");
 * ```
 */
export function assert(cond: unknown, msg: string = "assertion failed"): asserts cond {
  if (!cond) throw new AssertionError(msg);
}

function deepEqual(a: unknown, b: unknown, seen: WeakMap<object, object> = new WeakMap()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  const ao = a as object;
  const bo = b as object;
  if (Object.getPrototypeOf(ao) !== Object.getPrototypeOf(bo)) return false;
  if (seen.get(ao) === bo) return true;
  seen.set(ao, bo);
  if (ao instanceof Date) return ao.getTime() === (bo as Date).getTime();
  if (ao instanceof RegExp) return String(ao) === String(bo);
  if (ao instanceof Map) {
    const bm = bo as Map<unknown, unknown>;
    if (ao.size !== bm.size) return false;
    for (const [k, v] of ao) if (!bm.has(k) || !deepEqual(v, bm.get(k), seen)) return false;
    return true;
  }
  if (ao instanceof Set) {
    const bs = bo as Set<unknown>;
    if (ao.size !== bs.size) return false;
    for (const v of ao) if (!bs.has(v)) return false;
    return true;
  }
  if (ArrayBuffer.isView(ao)) {
    const x = ao as unknown as ArrayLike<unknown>;
    const y = bo as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(bo, k)) return false;
    if (!deepEqual((ao as Record<string, unknown>)[k], (bo as Record<string, unknown>)[k], seen)) {
      return false;
    }
  }
  return true;
}

/**
 * Asserts deep equality (primitives by Object.is; arrays, plain objects, Maps, Sets, typed
 * arrays and Dates by content).
 *
 * @example
 * ```ts
 * assertEquals([1, { b: 2 }], [1, { b: 2 }]);
 * ```
 */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  if (!deepEqual(actual, expected)) {
    throw new AssertionError(`${msg ? msg + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
  }
}

/**
 * Asserts |actual − expected| ≤ tolerance (default 1e-7, relative to the larger magnitude
 * when that exceeds 1).
 *
 * @example
 * ```ts
 * assertAlmostEquals(10000 / 15 * 15, 10000);
 * ```
 */
export function assertAlmostEquals(actual: number, expected: number, tolerance?: number, msg?: string): void {
  const tol = tolerance ?? 1e-7 * Math.max(1, Math.abs(expected), Math.abs(actual));
  if (Object.is(actual, expected)) return;
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}expected ${expected} ± ${tol}, got ${actual} (diff ${actual - expected})`,
    );
  }
}

/**
 * Asserts that `fn` throws; optionally that the error is an instance of `ErrorClass` and that
 * its message includes `msgIncludes`. Returns the error.
 *
 * @example
 * ```ts
 * assertThrows(() => JSON.parse("{"), SyntaxError);
 * ```
 */
export function assertThrows(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  ErrorClass?: new (...args: any[]) => Error,
  msgIncludes?: string,
  msg?: string,
): Error {
  let err: unknown;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    err = e;
  }
  const pre = msg ? msg + ": " : "";
  if (!threw) throw new AssertionError(`${pre}expected function to throw`);
  if (ErrorClass && !(err instanceof ErrorClass)) {
    throw new AssertionError(`${pre}expected ${ErrorClass.name}, got ${show(err)}`);
  }
  if (msgIncludes !== undefined) {
    const m = err instanceof Error ? err.message : String(err);
    if (!m.includes(msgIncludes)) {
      throw new AssertionError(`${pre}expected message to include ${show(msgIncludes)}, got ${show(m)}`);
    }
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Asserts that the promise rejects, optionally with a message containing `msgIncludes`; returns the error. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  msgIncludes?: string,
  msg?: string,
): Promise<Error> {
  const pre = msg ? msg + ": " : "";
  try {
    await fn();
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    if (msgIncludes !== undefined && !m.includes(msgIncludes)) {
      throw new AssertionError(`${pre}expected message to include "${msgIncludes}", got "${m}"`);
    }
    return e instanceof Error ? e : new Error(m);
  }
  throw new AssertionError(`${pre}expected promise to reject`);
}
