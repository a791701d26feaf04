/**
 * Spreadsheet readers side by side (issue 14): SheetJS CE 0.20.3 as republished on npm (`@e965/xlsx`,
 * the workspace's reader since it replaced the npm `xlsx` 0.18.5 and its CVE-2023-30533 and
 * CVE-2024-22363) and ExcelJS 4.4.0, each reading
 * the first sheet of the demo's workbooks and of a generated 50,000-row field-returns sheet into rows.
 * Medians of three fresh processes: wall milliseconds and peak resident memory (VmHWM). First, the
 * writer's time for that 50,000-row sheet (median of five encodeXlsx calls).
 *
 *   deno run -A bench/xlsx_bench.ts [DEMO_DIR]
 */
import { encodeXlsx } from "../src/io/xlsx.ts";
import { ensureDemo } from "../src/demo/generate.ts";
import { median } from "./_measure.ts";

const demo = Deno.args[0] ?? "data/demo";
await ensureDemo(demo);
const big = await Deno.makeTempFile({ suffix: ".xlsx" });
const photoCols = [1, 2, 3, 4].flatMap((n) => ["方位角（度）", "经度", "纬度", "拍摄时间"].map((p) => `照片${n}${p}`));
const headers = ["BSM", "部件号", "生产现状", "道路距离（米）", "水源距离（米）", "恢复成本（万元/亩）", "群众意愿", ...photoCols];
const rows = Array.from({ length: 50_000 }, (_, i) => {
  const r: Record<string, string | number> = {
    BSM: `90010100${String(i).padStart(8, "0")}`, 部件号: 1, 生产现状: ["苗木", "牧草", "幼林"][i % 3],
    "道路距离（米）": (i * 7) % 900, "水源距离（米）": (i * 13) % 700, "恢复成本（万元/亩）": ((i * 17) % 1200) / 100, 群众意愿: "愿意",
  };
  photoCols.forEach((c, j) => (r[c] = c.endsWith("拍摄时间") ? "2024-05-06 10:20:30" : 100 + ((i + j) % 90) / 7));
  return r;
});
// The writer (src/io/xlsx_write.ts) on the same sheet: median of five encodeXlsx calls in this process.
const sheets = [{ name: "核实表", columns: headers.map((h) => ({ key: h, header: h })), rows }];
const writeMs: number[] = [];
let bytes: Uint8Array = new Uint8Array();
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  bytes = encodeXlsx(sheets);
  writeMs.push(performance.now() - t0);
}
console.log(`encodeXlsx 50,000 × ${headers.length}: median ${median(writeMs).toFixed(0)} ms, ${(bytes.length / 1024).toFixed(0)} KiB`);
await Deno.writeFile(big, bytes);

const files: [string, string][] = [
  ["occupation.xlsx", `${demo}/zhanbu/occupation.xlsx`],
  ["supplement.xlsx", `${demo}/zhanbu/supplement.xlsx`],
  ["outflow_projects.xlsx", `${demo}/900101/outflow_projects.xlsx`],
  ["field_returns.xlsx", `${demo}/900101/field_returns.xlsx`],
  ["50k returns", big],
];
const libs = ["sheetjs", "exceljs"];
console.log(`${"file".padEnd(22)} ${libs.map((l) => `${l.padStart(14)} ms  MiB`).join("   ")}`);
for (const [name, path] of files) {
  const cells: string[] = [];
  let rowsSeen: number | null = null;
  for (const lib of libs) {
    const ms: number[] = [], mem: number[] = [];
    for (let r = 0; r < 3; r++) {
      const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-q", "-A", "bench/xlsx_read_once.ts", lib, path], stdout: "piped", stderr: "inherit" }).output();
      const j = JSON.parse(new TextDecoder().decode(out.stdout));
      ms.push(j.ms);
      mem.push(j.hwmKiB / 1024);
      if (rowsSeen !== null && j.rows !== rowsSeen) console.log(`  ${lib} read ${j.rows} rows of ${name}, another library ${rowsSeen}`);
      rowsSeen = j.rows;
    }
    cells.push(`${median(ms).toFixed(0).padStart(14)}    ${median(mem).toFixed(0).padStart(4)}`);
  }
  console.log(`${name.padEnd(22)} ${cells.join("   ")}`);
}
await Deno.remove(big);
