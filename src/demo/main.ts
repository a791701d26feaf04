/**
 * Command line for the demo generator:
 *
 *   npx --yes deno@2.9.6 run -A src/demo/main.ts --out data/demo [--seed N] [--parcels N]
 *
 * Without --parcels it writes the province demo (3 cities × 3 counties, 2019–2024); with
 * --parcels N one benchmark county of about N parcels. Prints a short summary and the time.
 *
 * @module
 */
import { DEFAULT_SEED, generateDemo } from "./generate.ts";

/** Parsed command-line options. */
export interface DemoCliArgs {
  out: string;
  seed: number;
  parcels: number | null;
}

/** Parses `--out DIR [--seed N] [--parcels N]`; throws a Chinese error on bad input. */
export function parseDemoArgs(args: string[]): DemoCliArgs {
  const res: DemoCliArgs = { out: "data/demo", seed: DEFAULT_SEED, parcels: null };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`参数 ${flag} 缺少取值`);
      return v;
    };
    const int = (v: string): number => {
      if (!/^\d+$/.test(v)) throw new Error(`参数 ${flag} 须为非负整数，收到“${v}”`);
      return Number(v);
    };
    if (flag === "--out") res.out = value();
    else if (flag === "--seed") res.seed = int(value());
    else if (flag === "--parcels") res.parcels = int(value());
    else if (flag === "-h" || flag === "--help") {
      throw new Error("用法：main.ts --out 目录 [--seed 种子] [--parcels 图斑数]");
    } else throw new Error(`未知参数：${a}（用法：--out 目录 [--seed 种子] [--parcels 图斑数]）`);
  }
  return res;
}

if (import.meta.main) {
  try {
    const args = parseDemoArgs(Deno.args);
    const t0 = performance.now();
    const m = await generateDemo({
      out: args.out,
      seed: args.seed,
      counties: args.parcels === null ? "province" : { parcels: args.parcels },
    });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    const parcels = m.counties.reduce((s, c) => {
      const ys = Object.keys(c.years).sort();
      return s + c.years[ys[ys.length - 1]].parcels;
    }, 0);
    console.log(
      `示例数据已生成：${args.out}（种子 ${m.seed}，${m.counties.length} 个县，最新年度共 ${parcels} 个图斑，` +
        `${m.files.length} 个文件，用时 ${secs} 秒）`,
    );
  } catch (e) {
    console.error(`错误：${(e as Error).message}`);
    Deno.exit(1);
  }
}
