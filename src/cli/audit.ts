/**
 * `audit`: the 占补平衡 audit of a data folder (occupation and supplement records checked
 * against the surveys by BSM, named checks with evidence, county × year balance, differentiated
 * red lines, exempt national key projects, cross-province trades); writes CSV and XLSX with
 * Chinese headers, atomically.
 */
import type { Command } from "./command.ts";
import { numberArg, parseArgs } from "./args.ts";
import { loadAuditConfig } from "../audit/config.ts";
import { auditDataDir } from "../audit/audit.ts";
import { writeAuditOutputs } from "../audit/outputs.ts";
import { openEngine } from "../db/engine.ts";
import { FLAG_LABELS } from "../audit/labels.ts";
import { FLAG_CODES } from "../audit/types.ts";

export const auditCommand: Command = {
  name: "audit",
  help: `用法 Usage: deno task cli audit --data DIR --out DIR [选项 options]

按标识码（BSM）把占用、补充耕地项目记录与各年度变更调查图斑逐块核对（后来的调查中已重新编号的图斑按叠加追溯到新图斑），列出问题线索及其依据
（占多补少、占优补劣、占水田补旱地、占整补零、占而不补、生态不稳定补充、永久基本农田或高标准农田成片占用、
补充耕地撂荒闲置、补充耕地数据失真、毁湿种地/毁林开荒、劣地坡地生地补充），国家重点项目单列；
按县、年度汇总数量、质量、水田、产能、零散度与生态，按地区类型（经济发达地区、粮食主产区、生态脆弱区）判定红线，
列出跨省域补充耕地国家统筹与省内跨县补充的双方。
Checks occupation and supplement records against the surveys by parcel id, lists every named
check with its evidence (exempt national key projects apart), balances each county and year and
judges it by its region type's red lines; shows cross-province trades on both sides.

DIR 的内容 Layout of DIR: zhanbu/occupation.xlsx, zhanbu/supplement.xlsx, admin_units.csv（可选，含 region_type），
  每县一个目录 one folder per county: DLTB_<年度>.shp（或 .geojson/.fgb）, 永久基本农田.shp,
  constraints/已建高标准农田.shp, constraints/坡度大于25度.shp, constraints/河湖管理范围.shp（图层名可配置）

选项 Options:
  --data DIR        数据目录 / data folder
  --out DIR         输出目录（整体替换）/ output folder (replaced as a whole)
  --year Y          只审计该年度的占用、补充项目 / audit only the projects of year Y
  --config FILE     配置文件，覆盖 data/config/redlines_v1.json 中的同名键 / configuration merged over the default
  --engine wasm|native  DuckDB 引擎（默认 wasm）/ DuckDB engine

输出 Outputs: flags.csv（问题线索）, balance.csv（县年度平衡）, redlines.csv（红线判定）,
  exempt_key_projects.csv（国家重点项目）, trades.csv（跨区域指标交易）, occupations.csv（占用项目明细）,
  parcel_traces.csv（后来调查中重新编号的图斑及追溯结果）, pending_parcels.csv（最新调查中无图斑承接、待实地核实的补充地块）,
  audit.xlsx（以上各表与方法）, method.txt, summary.json

示例 Example: deno task cli audit --data data/demo --out reports/audit`,
  async run(argv) {
    const args = parseArgs(argv, { string: ["data", "out", "year", "config", "engine"] });
    for (const need of ["data", "out"]) {
      if (!args[need]) throw new Error(`缺少 --${need} (missing --${need})`);
    }
    if (args._.length) throw new Error(`多余的参数 unexpected argument: ${args._[0]}`);
    const year = args.year === undefined ? undefined : numberArg(args, "year", 0);
    if (year !== undefined && !Number.isInteger(year)) {
      throw new Error(`--year 需为整数年份，收到“${args.year}” (expected a year)`);
    }
    const engine = args.engine as string | undefined;
    if (engine !== undefined && engine !== "wasm" && engine !== "native") {
      throw new Error(`--engine 只能是 wasm 或 native，收到“${engine}”`);
    }
    const dir = String(args.data).replace(/[\\/]+$/, "");
    const cfg = await loadAuditConfig(args.config as string | undefined);
    const db = await openEngine({ kind: engine as "wasm" | "native" | undefined });
    let result;
    try {
      result = await auditDataDir(dir, cfg, { year, engine: db });
    } finally {
      await db.close();
    }
    for (const n of result.notes.filter((n) => n.startsWith("警告"))) console.error(n);
    const inputs = [`${dir}/zhanbu/occupation.xlsx`, `${dir}/zhanbu/supplement.xlsx`];
    if (result.names.size) inputs.push(`${dir}/admin_units.csv`);
    await writeAuditOutputs(args.out as string, result, { inputs });
    const count = (c: string) => result.flags.filter((f) => f.code === c).length;
    console.log(
      `占用项目 ${result.occupations.length} 个，补充项目 ${result.supplements.length} 个，问题线索 ${result.flags.length} 条：`,
    );
    for (const c of FLAG_CODES) console.log(`  ${FLAG_LABELS[c]}：${count(c)} 条`);
    const fail = result.verdicts.filter((v) => v.status === "fail").length;
    console.log(
      `国家重点项目（单列）${result.exempt.length} 个；跨区域指标交易 ${result.trades.length} 笔；红线未达标 ${fail}/${result.verdicts.length} 个县年度`,
    );
    console.log(`输出：${args.out}`);
  },
};
