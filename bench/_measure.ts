/**
 * Timing of in-process benchmarks: a function run once (its value kept), then `runs` more times;
 * medians of wall and CPU milliseconds (user + system of this process: the steadier figure on a
 * shared machine), printed on one line.
 *
 * @example
 * ```ts
 * const { value, cpuMs } = await measure("parseCsvText", () => parseCsvText(text, "x.csv"), 9);
 * ```
 * @module
 */
import { cpuUsage } from "node:process";

/** The median of a list of numbers. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** What {@link measure} returns. */
export interface Measured<T> {
  value: T;
  wallMs: number;
  cpuMs: number;
}

/** Runs `f` once for its value (and warm-up), then `runs` times; prints and returns the medians. */
export async function measure<T>(name: string, f: () => T | Promise<T>, runs: number, width = 24): Promise<Measured<T>> {
  const value = await f();
  const ms: number[] = [], cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c = cpuUsage(), t = performance.now();
    await f();
    ms.push(performance.now() - t);
    const d = cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const wallMs = median(ms), cpuMs = median(cpu);
  console.log(
    `${name.padEnd(width)} wall ${wallMs.toFixed(1).padStart(8)} ms   cpu ${cpuMs.toFixed(1).padStart(8)} ms   (medians of ${runs})`,
  );
  return { value, wallMs, cpuMs };
}
