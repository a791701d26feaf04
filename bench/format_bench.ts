/**
 * Number formatting benchmark (not a test): formatNumber (Intl.NumberFormat zh-CN, cached per
 * digit count) against d3-format with a zh-CN locale (`,.2f`, ASCII minus), on 1,000,000
 * area-like values (亩 with 2 decimals, some negative, some of 15 significant digits), timed
 * `runs` times in this process (medians of wall and CPU ms); then how many strings differ, with
 * examples. The two round differently: Intl rounds the shortest decimal that prints the double
 * ("999.995" → "1,000.00", 四舍五入 on what a CSV shows), d3-format uses toFixed on the exact
 * binary value (999.99499999… → "999.99").
 *
 *   npx --yes deno@2.9.6 run -A bench/format_bench.ts [--count 1000000] [--runs 7]
 */
// @ts-types="@types/d3-format"
import { formatLocale } from "d3-format";
import { numberArg, parseArgs } from "../src/cli/args.ts";
import { measure } from "./_measure.ts";
import { formatNumber } from "../src/units/area.ts";

const args = parseArgs(Deno.args, { string: ["count", "runs"] });
const count = numberArg(args, "count", 1_000_000);
const runs = numberArg(args, "runs", 7);

let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const values = Float64Array.from({ length: count }, (_, i) => {
  const v = i % 10 === 0 ? Math.round(rnd() * 1e7) / 1000 : rnd() * 10 ** Math.floor(rnd() * 8); // x.xx5 ties, and any value
  return i % 7 === 0 ? -v : v;
});
const zh = formatLocale({ decimal: ".", thousands: ",", grouping: [3], currency: ["¥", ""], minus: "-" });
const d3f = zh.format(",.2f");


const a = (await measure("formatNumber (Intl)", () => Array.from(values, (v) => formatNumber(v, 2)), runs, 26)).value;
const b = (await measure("d3-format ,.2f (zh-CN)", () => Array.from(values, (v) => d3f(v)), runs, 26)).value;
const diff = a.flatMap((s, i) => (s === b[i] ? [] : [i]));
console.log(`${count} 个数，结果不同 ${diff.length} 个（${(diff.length / count * 100).toFixed(2)}%）`);
for (const i of diff.slice(0, 5)) console.log(`  ${values[i]} → Intl “${a[i]}”，d3-format “${b[i]}”`);
for (const v of [999.995, 1.005, -0.001, Infinity, NaN]) console.log(`  ${v} → Intl “${formatNumber(v, 2)}”，d3-format “${d3f(v)}”`);
