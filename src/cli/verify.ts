/**
 * `verify`: field verification of the in-flow candidates (DOMAIN.md §4.4–§4.5).
 * `verify export` writes per-township packages from a screening folder; `verify import` checks
 * the field returns, grades the complete ones and lists incomplete and missing pieces.
 */
import type { Command } from "./command.ts";
import { numberArg, parseArgs, type ParsedArgs } from "./args.ts";
import { readCsv } from "../io/csv.ts";
import { makeAdminNamer } from "../units/admin.ts";
import { formatNumber } from "../units/area.ts";
import { readScreenDir } from "../evaluate/screen_dir.ts";
import { loadIndicatorSystem } from "../evaluate/system.ts";
import { exportPackages } from "../evaluate/packages.ts";
import { importReturns } from "../evaluate/import.ts";
import { summaryTable, writeImportOutputs } from "../evaluate/outputs.ts";
import { DEFAULT_PHOTO_RULES, type PhotoRules } from "../evaluate/photos.ts";
import { PIECE_STATES } from "../evaluate/labels.ts";

const HELP = `用法 Usage:
  deno task cli verify export --screen DIR --out DIR [选项 options]
  deno task cli verify import --screen DIR --returns FILE... --out DIR [选项 options]

外业核实（耕地“进出平衡”转入潜力）。
  export  按乡镇生成核实底图（Shapefile，GBK；GeoJSON，CGCS2000 经纬度）、核实表（XLSX，含填写说明）和任务清单。
  import  读取回传的核实表（XLSX/CSV），逐行检查（标识码、部件号、各项指标、至少 4 张不同角度且在图斑附近拍摄的照片），
          对完整回传的图斑评价（可以恢复/建议恢复/不建议恢复），列出回传不完整、未回传、重复回传和无法匹配的记录。
Field verification of in-flow candidates: export per-township packages; import returns, grade complete ones,
list incomplete, never-returned, duplicate and unmatched rows.

选项 Options:
  --screen DIR          筛选结果文件夹（pieces.geojson、summary.json）/ screening output folder
  --out DIR             输出文件夹（整体替换）/ output folder (replaced as a whole)
  --returns FILE        回传文件，可重复，也可在其后直接列出多个文件 / return files (repeatable; more may follow)
  --indicators FILE     指标体系配置（默认 data/config/indicators_v1.json）/ indicator system file
  --max-photo-distance M  照片拍摄位置距图斑的最大距离，米（默认 ${DEFAULT_PHOTO_RULES.maxPhotoDistanceM}）/ max photo distance, m
  --min-azimuth-gap D   照片方位角最小互差，度（默认 ${DEFAULT_PHOTO_RULES.minAzimuthSeparationDeg}）/ min azimuth separation, degrees
  --min-photos N        最少照片数（默认 ${DEFAULT_PHOTO_RULES.minPhotos}）/ photos required
  --xzq FILE.csv        行政区表（XZQDM、XZQMC），用于乡镇名称 / township names
  --cjdcq FILE.csv      村级调查区表（ZLDWDM、ZLDWMC），用于村名 / village names

示例 Example:
  deno task cli verify export --screen out/screen --out out/核实任务 --xzq data/demo/900101/XZQ.csv
  deno task cli verify import --screen out/screen --returns 回传/城关镇.xlsx 回传/古城镇.xlsx --out out/核实评价`;

async function namesFile(
  path: unknown,
  code: string,
  name: string,
): Promise<Map<string, string> | undefined> {
  if (typeof path !== "string") return undefined;
  const layer = await readCsv(path);
  const codes = layer.columns[code], names = layer.columns[name];
  if (!codes || !names) throw new Error(`“${path}”缺少 ${code} 或 ${name} 列`);
  return new Map(codes.map((c, i) => [String(c ?? ""), String(names[i] ?? "")]));
}

async function namer(args: ParsedArgs, own: Map<string, string>): Promise<(code: string) => string | null> {
  const admin = makeAdminNamer({
    xzq: await namesFile(args.xzq, "XZQDM", "XZQMC"),
    cjdcq: await namesFile(args.cjdcq, "ZLDWDM", "ZLDWMC"),
  });
  return (code) => own.get(code) ?? admin.name(code);
}

function rules(args: ParsedArgs): PhotoRules {
  const r: PhotoRules = {
    maxPhotoDistanceM: numberArg(args, "max-photo-distance", DEFAULT_PHOTO_RULES.maxPhotoDistanceM),
    minAzimuthSeparationDeg: numberArg(args, "min-azimuth-gap", DEFAULT_PHOTO_RULES.minAzimuthSeparationDeg),
    minPhotos: numberArg(args, "min-photos", DEFAULT_PHOTO_RULES.minPhotos),
  };
  if (r.maxPhotoDistanceM < 0) {
    throw new Error(`选项 --max-photo-distance 应 ≥ 0，收到 ${r.maxPhotoDistanceM}`);
  }
  if (r.minAzimuthSeparationDeg < 0 || r.minAzimuthSeparationDeg > 180) {
    throw new Error(`选项 --min-azimuth-gap 应在 0–180 度之间，收到 ${r.minAzimuthSeparationDeg}`);
  }
  if (!Number.isInteger(r.minPhotos) || r.minPhotos < 1) {
    throw new Error(`选项 --min-photos 应为正整数，收到 ${r.minPhotos}`);
  }
  return r;
}

function required(args: ParsedArgs, name: string): string {
  const v = args[name];
  if (typeof v !== "string" || v === "") throw new Error(`缺少选项 --${name} (missing --${name})`);
  return v;
}

/** The `verify` subcommand (export | import). */
export const verifyCommand: Command = {
  name: "verify",
  help: HELP,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action !== "export" && action !== "import") {
      throw new Error(`verify 需要 export 或 import，收到“${action ?? ""}” (expected export or import)`);
    }
    const args = parseArgs(rest, {
      string: [
        "screen",
        "out",
        "indicators",
        "max-photo-distance",
        "min-azimuth-gap",
        "min-photos",
        "xzq",
        "cjdcq",
      ],
      multiple: ["returns"],
    });
    const screen = required(args, "screen"), out = required(args, "out");
    const photo = rules(args);
    const system = await loadIndicatorSystem(args.indicators as string | undefined);
    const { pieces, crs, names } = await readScreenDir(screen);
    const name = await namer(args, names);
    if (action === "export") {
      if (args._.length > 0) throw new Error(`多余的参数 unexpected arguments: ${args._.join(" ")}`);
      const s = await exportPackages(pieces, crs, out, { system, rules: photo, name });
      console.log(
        `已生成 ${s.townships.length} 个乡镇的核实任务，共 ${s.pieces} 个图斑部件（指标体系 ${s.systemId} ${s.systemVersion}）：${out}`,
      );
      for (const t of s.townships) {
        console.log(`  ${t.folder}\t${t.pieces} 个\t${formatNumber(t.areaM2 / (10000 / 15))} 亩`);
      }
      return;
    }
    const files = [...((args.returns as string[] | undefined) ?? []), ...args._];
    if (files.length === 0) throw new Error("请用 --returns 给出回传文件 (no return files given)");
    const result = await importReturns(files, pieces, system, { crs, ...photo });
    await writeImportOutputs(out, result, system, name);
    for (const n of result.notes) console.error(`说明：${n}`);
    const total = summaryTable(result, name).rows.at(-1)!;
    console.log(
      `核实评价（指标体系 ${result.systemId} ${result.systemVersion}）：${pieces.length} 个图斑部件 → ${out}`,
    );
    for (const s of PIECE_STATES) {
      console.log(`  ${s}\t${total[`${s}:n`]} 个\t${formatNumber(Number(total[`${s}:mu`]))} 亩`);
    }
    if (result.duplicates.length) {
      console.log(`  重复回传 ${result.duplicates.length} 处（见 duplicates.csv）`);
    }
    if (result.unmatched.length) {
      console.log(`  无法匹配的回传行 ${result.unmatched.length} 行（见 unmatched.csv）`);
    }
  },
};
