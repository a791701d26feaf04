/**
 * `trends`: regional trends (DOMAIN.md §1, §6; issue 6) — farmland centre-of-gravity drift,
 * abandonment against the 20% line, unstable farmland shares, grouped by region type — on a
 * folder of survey years (`--data`) or on the public national figures (`--public`).
 */
import { fileURLToPath } from "node:url";
import type { Command } from "./command.ts";
import { numberArg, parseArgs } from "./args.ts";
import { formatNumber } from "../units/area.ts";
import { m2ToMu } from "../units/area.ts";
import { surveyTrends } from "../trends/survey.ts";
import { loadPublicData } from "../trends/public_data.ts";
import { publicTrends } from "../trends/public_trends.ts";
import { yieldTableFrom } from "../trends/weights.ts";
import { writeTrendTables } from "../trends/outputs.ts";
import { publicTrendCharts, surveyTrendCharts } from "../trends/charts.ts";
import {
  abandonmentTable,
  centresTable,
  driftTable,
  provincesTable,
  publicCentresTable,
  publicRegionTypeTable,
  publicShiftTable,
  qualityTable,
  regionTypeYearTable,
  shareCheckTable,
  sumCheckTable,
  unstableTable,
} from "../trends/tables.ts";
import { TERRAIN_LABELS } from "../trends/abandonment.ts";
import { REGION_TYPE_LABELS } from "../trends/region_type.ts";
import { isRealProvinceCode } from "../units/admin.ts";
import { SAMPLE_BANNER } from "../html/page.ts";

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL("../../data/public", import.meta.url));

export const trendsCommand: Command = {
  name: "trends",
  help: `用法 Usage:
  deno task cli trends --data DIR --out DIR [选项 options]     调查数据（如示例省）/ survey layers
  deno task cli trends --public --out DIR [选项 options]       公开数据（三调、二调公报）/ public bulletins

--data：DIR（或其下每个县一个子目录）中的 DLTB_<年份>.shp/.geojson/.fgb 为各年度地类图斑。计算每县及全部数据的耕地重心
（面积、质量 16−等别、产能 三种加权）、逐年迁移距离（椭球面，千米）与方位、撂荒率（ZZSXDM=WG，高于 20% 标记）、不稳定耕地
（TBXHDM、坡度级别 5，及县目录 constraints/ 中河湖管理范围、洪水位控制线、林区、草原图层；各来源分列，并集不重复），并按地区类型汇总。
--data: DLTB_<year> layers in DIR or its county subfolders; centres under three weightings and their drift on the ellipsoid,
abandonment against the 20% line, unstable farmland (each source and their union), grouped by region type.

--public：读取 data/public/ 的公开数字（每个数字都注明出处），计算各省占全国耕地比重、二调至三调变化、
二调至三调全国耕地重心迁移（距离、方位）与地区类型汇总。
--public: the public figures in data/public/ (each with its source): shares, changes 2009→2019, centre shift, region types.

选项 Options:
  --out DIR                 输出目录（原子写出）/ output folder (written atomically)
  --years Y1,Y2,...         只用这些年度 / only these years (--data)
  --units FILE              单元配置表（code,name,terrain,region_type；默认 DIR/admin_units.csv）/ unit table
  --layer FILE              另加不稳定耕地图层（可重复；按名称判断河湖/洪水或林区/草原）/ extra unstable layer (repeatable)
  --no-constraints          不读取县目录下 constraints/ 中的图层 / ignore county constraints folders
  --abandoned-list FILE     实地核查撂荒清单（含 BSM 列的 CSV/XLSX）/ field-survey list of abandoned parcels
  --yield FILE.json         标准粮产量表（{"byGrade":{"1":…,"15":…}} 或含 standardYield 的配置文件）/ standard yield table
  --line R                  撂荒警戒线（默认 0.2，高于即标记）/ abandonment line (default 0.2, strictly above is flagged)
  --crs EPSG:NNNN           无坐标系文件所用坐标系 / CRS for files without one
  --public-dir DIR          公开数据目录（默认 data/public）/ public data folder
  --move-inner-mongolia     按种子文献建议把内蒙古改为生态脆弱区 / move Inner Mongolia out of the grain type (seed 000 §4.1)
  --engine wasm|native      DuckDB 引擎 / engine

输出 Outputs (--data): centres.csv, drift.csv, abandonment.csv, unstable.csv, by_region_type.csv, notes.csv,
  trends.xlsx（中文表头，全部工作表）, method.txt, summary.json
输出 Outputs (--public): provinces.csv, national_centres.csv, national_shift.csv, by_region_type.csv, sum_check.csv, share_check.csv,
  quality.csv, notes.csv, trends.xlsx, method.txt, summary.json

示例 Examples:
  deno task cli trends --data data/demo --out reports/trends-demo
  deno task cli trends --public --out reports/trends-public`,
  async run(argv) {
    const args = parseArgs(argv, {
      string: [
        "data",
        "out",
        "years",
        "units",
        "abandoned-list",
        "yield",
        "line",
        "crs",
        "public-dir",
        "engine",
      ],
      boolean: ["public", "no-constraints", "move-inner-mongolia"],
      multiple: ["layer"],
    });
    if (!args.out) throw new Error("缺少 --out (missing --out)");
    if (Boolean(args.public) === Boolean(args.data)) {
      throw new Error("须且只能给出 --data DIR 或 --public 之一 (give either --data DIR or --public)");
    }
    if (args.engine && args.engine !== "wasm" && args.engine !== "native") {
      throw new Error(`--engine 只能是 wasm 或 native，收到“${args.engine}”`);
    }
    const publicDir = (args["public-dir"] as string | undefined) ?? DEFAULT_PUBLIC_DIR;
    const out = args.out as string;
    if (args.public) {
      const data = await loadPublicData(publicDir);
      const t = publicTrends(data, { moveInnerMongolia: Boolean(args["move-inner-mongolia"]) });
      const tables = [
        provincesTable(t.provinces),
        publicCentresTable(t.centres),
        publicShiftTable(t.shifts),
        publicRegionTypeTable(t.byRegionType),
        sumCheckTable(t),
        shareCheckTable(t),
        qualityTable(data.quality),
      ];
      const files = await writeTrendTables(out, tables, t.notes, {
        title: "公开数据：三调（2019）与二调（2009）分省耕地、全国耕地重心迁移",
        inputs: Object.values({
          a: `${publicDir}/sandiao_2019_farmland.csv`,
          b: `${publicDir}/erdiao_2009_farmland.csv`,
          c: `${publicDir}/change_2009_2019_published.csv`,
          d: `${publicDir}/province_points.csv`,
          e: `${publicDir}/province_region_types.csv`,
          f: `${publicDir}/farmland_quality_grade.csv`,
          g: `${publicDir}/published_shares.csv`,
        }),
        parameters: { public_dir: publicDir, move_inner_mongolia: Boolean(args["move-inner-mongolia"]) },
        charts: publicTrendCharts(t),
        summary: {
          national2019Mu: m2ToMu(t.national2019M2),
          national2009Mu: m2ToMu(t.national2009M2),
          sum2019: t.sum2019,
          sum2009: t.sum2009,
          shareChecks: t.shareChecks,
          shifts: t.shifts,
        },
      });
      console.log(
        `全国三调耕地 ${formatNumber(m2ToMu(t.national2019M2) / 1e4)} 万亩；二调 ${
          formatNumber(m2ToMu(t.national2009M2) / 1e4)
        } 万亩（口径不同，见说明）`,
      );
      console.log(
        `三调分省数字 ${t.sum2019.provincesWithFigure}/31 个省份，缺：${
          t.sum2019.provincesMissing.join("、") || "无"
        }`,
      );
      for (const s of t.shifts) {
        console.log(
          `重心迁移（${s.provinces} 个两次均有数的省份，覆盖三调耕地 ${
            formatNumber(s.coverage2019 * 100)
          }%）：${formatNumber(s.distanceKm, 1)} 千米，方位 ${
            formatNumber(s.bearingDeg, 1)
          }°（${s.direction}）`,
        );
      }
      console.log(`输出：${out}（${files.join("、")}）`);
      return;
    }
    const years = args.years
      ? String(args.years).split(",").map((s) => {
        const y = Number(s.trim());
        if (!Number.isInteger(y)) throw new Error(`--years 需要逗号分隔的年份，收到“${args.years}”`);
        return y;
      })
      : undefined;
    const yieldTable = args.yield
      ? yieldTableFrom(JSON.parse(await Deno.readTextFile(args.yield as string)), args.yield as string)
      : undefined;
    let provinceTypes;
    try {
      const pub = await loadPublicData(publicDir);
      provinceTypes = new Map(pub.regionTypes.map((r) => [r.code, r.type]));
    } catch {
      provinceTypes = undefined;
    }
    const engineKind = args.engine as "wasm" | "native" | undefined;
    const engine = engineKind
      ? await (await import("../db/engine.ts")).openEngine({ kind: engineKind })
      : undefined;
    let t;
    try {
      t = await surveyTrends({
        dir: args.data as string,
        years,
        unitConfig: args.units as string | undefined,
        provinceTypes,
        layerFiles: (args.layer as string[] | undefined) ?? [],
        layersFromConstraints: !args["no-constraints"],
        abandonedList: args["abandoned-list"] as string | undefined,
        yieldTable,
        line: numberArg(args, "line", 0.2),
        crs: args.crs as string | undefined,
        engine,
        log: (m) => console.error(m),
      });
    } finally {
      await engine?.close();
    }
    const tables = [
      centresTable(t.centres),
      driftTable(t.drift),
      abandonmentTable(t.abandonment),
      unstableTable(t.unstable, t.layerNames),
      regionTypeYearTable(t.byRegionType),
    ];
    const last = Math.max(...t.years);
    const flagged = t.abandonment.filter((r) => r.year === last && r.flagged);
    const files = await writeTrendTables(out, tables, t.notes, {
      title: `调查数据趋势：${t.dir}（${t.years.join("、")} 年）`,
      charts: surveyTrendCharts(t),
      banner: t.counties.some((c) => !isRealProvinceCode(c)) ? SAMPLE_BANNER : undefined,
      inputs: [
        ...t.files,
        ...t.layers.map((l) => l.source),
        ...(t.unitConfigSource ? [t.unitConfigSource] : []),
      ],
      parameters: {
        data: t.dir,
        years: t.years,
        crs: t.crs.name,
        line: t.line,
        yield_table: t.yieldTable.byGrade,
        yield_is_default: t.yieldTable.isDefault,
        terrain_rule: t.terrainRule,
        layers: t.layerNames,
        units: t.unitConfigSource ?? "（无）",
      },
      summary: {
        years: t.years,
        counties: t.counties.length,
        flaggedLastYear: flagged.map((r) => ({ county: r.county, name: r.name, rate: r.rate })),
        provinceNet: t.drift.filter((d) => d.level === "province" && d.kind === "net"),
      },
    });
    console.log(
      `${t.counties.length} 个县，年度 ${t.years.join("、")}；不稳定耕地图层：${
        t.layerNames.join("、") || "无"
      }`,
    );
    for (const d of t.drift.filter((x) => x.level === "province" && x.kind === "net")) {
      console.log(
        `全部数据耕地重心（${
          d.weight === "area" ? "面积" : d.weight === "quality" ? "质量" : "产能"
        }加权）${d.from}→${d.to}：${
          d.distanceKm < 1 ? `${formatNumber(d.distanceKm * 1000, 1)} 米` : `${formatNumber(d.distanceKm, 2)} 千米`
        }，方位 ${
          formatNumber(d.bearingDeg, 1)
        }°（${d.direction}）`,
      );
    }
    console.log(
      `${last} 年撂荒率高于 ${formatNumber(t.line * 100, 0)}% 的县：${
        flagged.length
          ? flagged.map((r) =>
            `${r.name}（${r.terrain ? TERRAIN_LABELS[r.terrain] : "—"}，${
              REGION_TYPE_LABELS[r.regionType]
            }，${formatNumber(r.rate * 100)}%）`
          ).join("、")
          : "无"
      }`,
    );
    const prov = t.unstable.find((u) => u.level === "province" && u.year === last);
    if (prov) console.log(`${last} 年不稳定耕地（并集）占耕地 ${formatNumber(prov.unionShare * 100)}%`);
    console.log(`输出：${out}（${files.join("、")}）`);
  },
};
