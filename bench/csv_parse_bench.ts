/**
 * CSV benchmark (not a test): a synthetic 200,000-row attribute table like a returned form or
 * graded.csv (18-digit BSM, codes with leading zeros, Chinese text, a quoted field with a comma
 * or a line break every 50 rows), written once as UTF-8 with BOM and as GBK; then, in this
 * process, `runs` timed repetitions of parseCsvText on the decoded text and of readCsv on each
 * file (decode + parse + typed columns), and of writeCsv on the parsed rows. Prints medians in milliseconds and a checksum of the
 * parsed rows, so two implementations can be compared on speed and on results.
 *
 *   npx --yes deno@2.9.6 run -A bench/csv_parse_bench.ts [--rows 200000] [--runs 7]
 */
import { numberArg, parseArgs } from "../src/cli/args.ts";
import { measure } from "./_measure.ts";
import { parseCsvText, readCsv, writeCsv } from "../src/io/csv.ts";
import { encodeGbk } from "../src/io/gbk.ts";

const args = parseArgs(Deno.args, { string: ["rows", "runs"] });
const rows = numberArg(args, "rows", 200_000);
const runs = numberArg(args, "runs", 7);

const NAMES = ["水田", "水浇地", "旱地", "果园", "乔木林地", "其他草地"];
const CODES = ["0101", "0102", "0103", "0201", "0301", "0404"];
const lines = ["BSM,DLBM,DLMC,ZLDWDM,TBMJ,评价结果,备注"];
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
for (let i = 0; i < rows; i++) {
  const k = Math.floor(rnd() * NAMES.length);
  const note = i % 50 === 0 ? `"田坎,沟渠 ${i}"` : i % 50 === 25 ? `"第一行\n第二行""${i}"""` : `备注${i % 97}`;
  lines.push(
    `${900101100000000000 + i},${CODES[k]},${NAMES[k]},900101100001000,${(rnd() * 5000).toFixed(2)},${
      rnd() < 0.5 ? "可以恢复" : "建议恢复"
    },${note}`,
  );
}
const text = lines.join("\r\n") + "\r\n";
const dir = await Deno.makeTempDir({ prefix: "csv_bench_" });
const utf8 = `${dir}/utf8.csv`, gbk = `${dir}/gbk.csv`;
await Deno.writeTextFile(utf8, "\ufeff" + text);
await Deno.writeFile(gbk, encodeGbk(text));


const parsed = parseCsvText(text, utf8);
let sum = 0;
for (const r of parsed) for (const c of r) sum = (sum * 31 + c.length) % 1_000_000_007;
console.log(`${rows} 行，${(text.length / 1e6).toFixed(1)} M 字符；解析 ${parsed.length} 行，校验和 ${sum}`);
await measure("parseCsvText", () => parseCsvText(text, utf8), runs);
await measure("readCsv (UTF-8, BOM)", () => readCsv(utf8), runs);
await measure("readCsv (GBK, guessed)", () => readCsv(gbk), runs);
const header = parsed[0].map((h, j) => ({ key: String(j), header: h }));
const records = parsed.slice(1).map((r) => Object.fromEntries(r.map((v, j) => [String(j), v])));
await measure("writeCsv", () => writeCsv(`${dir}/out.csv`, header, records), runs);
await Deno.remove(dir, { recursive: true });
