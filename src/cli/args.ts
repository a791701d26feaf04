/**
 * A small, explicit argument parser: `--name value`, `--name=value`, boolean `--flag`, and
 * positional arguments. Unknown options are an error that names them.
 *
 * @example
 * ```ts
 * parseArgs(["--out", "x", "--strict"], { string: ["out"], boolean: ["strict"] });
 * // { out: "x", strict: true, _: [] }
 * ```
 */

/** What options a subcommand takes. */
export interface ArgSpec {
  string?: string[];
  boolean?: string[];
  /** Options that may repeat (collected into arrays). */
  multiple?: string[];
}

/** Parsed arguments. */
export type ParsedArgs = Record<string, string | boolean | string[] | undefined> & { _: string[] };

/** Parses argv; throws a one-line Chinese/English error for an unknown or incomplete option. */
export function parseArgs(argv: string[], spec: ArgSpec): ParsedArgs {
  const out: ParsedArgs = { _: [] };
  const strings = new Set([...(spec.string ?? []), ...(spec.multiple ?? []), "help"]);
  const booleans = new Set([...(spec.boolean ?? []), "help"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      out.help = true;
      continue;
    }
    if (!a.startsWith("--")) {
      out._.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (booleans.has(name) && eq < 0) {
      out[name] = true;
      continue;
    }
    if (!strings.has(name)) throw new Error(`未知选项 unknown option: --${name}`);
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`选项 --${name} 缺少取值 (missing value)`);
    if (spec.multiple?.includes(name)) out[name] = [...((out[name] as string[]) ?? []), value];
    else out[name] = value;
  }
  return out;
}

/** A number option, or the default; a non-number is an error naming the option. */
export function numberArg(args: ParsedArgs, name: string, fallback: number): number {
  const v = args[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(n)) {
    throw new Error(`选项 --${name} 需要数字，收到“${v}” (expected a number)`);
  }
  return n;
}
