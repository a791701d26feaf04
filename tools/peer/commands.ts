/**
 * How the two screening implementations are invoked on the same county, in one place for the
 * cross-check test and the benchmark: our CLI `screen` and the GeoPandas peer.
 *
 * @example
 * ```ts
 * const [cmd, ...args] = oursCommand("DLTB.shp", "constraints", "erase", "out/ours");
 * ```
 */

/** Debian's interpreter (the default `python3` may be a pyenv shim without GeoPandas). */
export const PYTHON = "/usr/bin/python3";
const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const PEER = new URL("./screen_geopandas.py", import.meta.url).pathname;

/** argv of our `screen` (writes `outDir/summary.json`). */
export function oursCommand(dltb: string, constraints: string, mode: string, outDir: string): string[] {
  return [
    Deno.execPath(), "run", "-q", "-A", MAIN, "screen",
    "--dltb", dltb, "--constraints", constraints, "--mode", mode, "--out", outDir,
  ];
}

/** argv of the GeoPandas peer (writes `outJson`). */
export function peerCommand(dltb: string, constraints: string, mode: string, outJson: string): string[] {
  return [PYTHON, PEER, "--dltb", dltb, "--constraints", constraints, "--mode", mode, "--out", outJson];
}
