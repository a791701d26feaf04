/**
 * Builds the provincial briefing for a data folder, unattended: results → tables → charts → HTML
 * (+ PDF, XLSX, manifest), with the stage cache between them. A run whose inputs, configuration and
 * code match the last manifest does nothing (unless `force`). Writes are atomic (a staging folder
 * swapped in at the end) and a lock file keeps two runs off one output folder.
 *
 * @example
 * ```ts
 * const r = await buildBriefing({ dataDir: "data/demo", outDir: "reports/demo" });
 * r.status; // "rebuilt" | "unchanged"
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { assertReplaceable, writeReportDir } from "../io/report_dir.ts";
import { checkedCountyFolders, readCountyFolders } from "../ingest/county_folder.ts";
import type { BriefingFacts } from "./facts.ts";
import { hashInputs, type InputFile, sha256Text, StageCache, stableJson, stageKey } from "./cache.ts";
import {
  combineBalance,
  type CountyBalancePart,
  gatherAudit,
  gatherCountyBalance,
  gatherCounties,
  gatherNational,
  gatherTargets,
  gatherTrends,
  PUBLIC_DIR,
  readTargets,
} from "./gather.ts";
import { briefingView } from "./view.ts";
import type { PreviousBriefing } from "./changes.ts";
import { renderBriefing } from "./render.ts";
import { chromiumMissingMessage, findChromium, printToPdf } from "../browser/chromium.ts";
import { methodTables } from "./method.ts";
import { acquireLock } from "../io/lock.ts";
import { codeVersion } from "./version.ts";
import { exists } from "../io/exists.ts";

/** Bump when the briefing's layout or computation changes in a way the inputs do not show. */
export const BRIEFING_VERSION = "1";

/** Options of {@link buildBriefing}. */
export interface BriefingOptions {
  dataDir: string;
  outDir: string;
  /** Survey year of the briefing (default: the latest DLTB year in the data). */
  year?: number;
  /** A city (4 digits) or county (6 digits) code to narrow the briefing to. */
  region?: string;
  force?: boolean;
  /** Include parcel geometry (then every page is marked 内部资料). */
  withParcels?: boolean;
  /** Print the PDF (default true; skipped with a message when no Chromium is found). */
  pdf?: boolean;
  /** The command line that rebuilds this briefing, for the method section. */
  command?: string;
  log?: (message: string) => void;
}

/** What a build did. */
export interface BriefingResult {
  /** rebuilt; unchanged (nothing written); rebuilt-without-pdf (Chromium found but its print failed: HTML, XLSX and manifest written, the next run retries). */
  status: "rebuilt" | "unchanged" | "rebuilt-without-pdf";
  outDir: string;
  files: string[];
  /** Seconds per stage. */
  timings: Record<string, number>;
  cache: { hits: string[]; misses: string[] };
  pdf: string;
}

const CONFIG_DIR = fileURLToPath(new URL("../../data/config", import.meta.url));

async function latestYear(dataDir: string, dirs: string[]): Promise<number> {
  let y = 0;
  for (const d of dirs) {
    for await (const e of Deno.readDir(d)) {
      const m = e.name.match(/^DLTB_(\d{4})\.(shp|geojson|json|fgb)$/i);
      if (m) y = Math.max(y, Number(m[1]));
    }
  }
  if (!y) throw new Error(`${dataDir} 的县目录中没有 DLTB_<年度> 图层`);
  return y;
}

async function readPrevious(outDir: string): Promise<PreviousBriefing | null> {
  try {
    const manifest = JSON.parse(await Deno.readTextFile(`${outDir}/manifest.json`));
    const tables = JSON.parse(await Deno.readTextFile(`${outDir}/tables.json`));
    return { manifest, tables };
  } catch {
    return null;
  }
}

/** Builds (or confirms unchanged) the briefing. Throws (Chinese) on bad input, leaving the previous output as it was. */
export async function buildBriefing(o: BriefingOptions): Promise<BriefingResult> {
  const log = o.log ?? (() => {});
  const started = new Date();
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  let lap = t0;
  const mark = (k: string) => {
    const n = performance.now();
    timings[k] = Math.round(n - lap) / 1000;
    lap = n;
  };
  const dataDir = o.dataDir.replace(/[\\/]+$/, ""), outDir = o.outDir.replace(/[\\/]+$/, "");
  await assertReplaceable(outDir, "manifest.json", "简报输出");
  const release = await acquireLock(outDir);
  try {
    // One check of the county folders for every stage (each stage makes the same one, so under
    // --allow missing_layer all of them leave out the same counties).
    const { folders, notes: folderNotes } = checkedCountyFolders(readCountyFolders(dataDir), { pbf: true });
    const dirs = folders.map((f) => f.dir);
    const year = o.year ?? await latestYear(dataDir, dirs);
    // A county folder given alone is keyed as data/<county>/…, like the same folder inside a province.
    const single = dirs.length === 1 && dirs[0] === dataDir;
    const inputs = [
      ...await hashInputs(dataDir, single ? `data/${dataDir.slice(dataDir.lastIndexOf("/") + 1)}/` : "data/"),
      ...await hashInputs(CONFIG_DIR, "config/"),
      ...await hashInputs(PUBLIC_DIR, "public/"),
    ];
    const code = await codeVersion();
    const config = { year, region: o.region ?? null, withParcels: !!o.withParcels, version: BRIEFING_VERSION };
    const key = await sha256Text(stableJson({ inputs: inputs.map((f) => [f.path, f.sha256]), config, code: code.hash }));
    mark("hash");
    const prev = await readPrevious(outDir);
    if (!o.force && prev?.manifest?.key === key && prev.manifest.status === "rebuilt") {
      log(`输入、配置与程序均未变化（${outDir}/manifest.json），不重建；如需重建请加 --force`);
      return { status: "unchanged", outDir, files: [], timings, cache: { hits: [], misses: [] }, pdf: "未重建" };
    }
    const targetsGiven = await readTargets(dataDir);
    const withParcels = !!o.withParcels;
    const cache = new StageCache(await exists(`${outDir}/.cache`) ? `${outDir}/.cache` : null);
    const under = (prefix: string) => inputs.filter((f) => f.path.startsWith(prefix));
    const configFiles = under("config/");
    const counties = dirs.map((d) => d.slice(d.lastIndexOf("/") + 1));
    // A stage's key holds the code it runs, so a change there recomputes it and a change of wording does not.
    const codeOf = (...folders: string[]) =>
      Object.fromEntries(["briefing/gather", "io", "ingest", "geom", "units", "db", ...folders].map((k) => [k, code.folders[k] ?? null]));
    const surveyFiles = inputs.filter((f) =>
      counties.some((c) =>
        f.path.startsWith(`data/${c}/DLTB_`) || f.path.startsWith(`data/${c}/constraints/`) ||
        f.path.startsWith(`data/${c}/永久基本农田.`)
      )
    );
    const adminFile = under("data/admin_units.csv");
    const parts: CountyBalancePart[] = [];
    for (const dir of dirs) {
      const county = dir.slice(dir.lastIndexOf("/") + 1);
      const k = await stageKey("balance-county", [...under(`data/${county}/`), ...configFiles], { year, withParcels, code: codeOf("screen", "evaluate", "outflow", "selection") });
      parts.push(await cache.get(k, `进出平衡 ${county}`, () => gatherCountyBalance(dir, year, withParcels)));
    }
    const units = await gatherCounties(dataDir, counties);
    const balance = await combineBalance(parts, year, (c) => units.names[c] ?? null);
    mark("balance");
    const audit = await cache.get(
      await stageKey("audit", [...under("data/zhanbu/"), ...surveyFiles, ...adminFile, ...configFiles], {
        year,
        code: codeOf("screen", "audit"),
      }),
      "占补平衡",
      () => gatherAudit(dataDir, year),
    );
    mark("audit");
    const trends = await cache.get(
      await stageKey("trends", [...surveyFiles, ...adminFile], { year, code: codeOf("screen", "trends") }),
      "趋势",
      () => gatherTrends(dataDir, year),
    );
    mark("trends");
    const targets = await cache.get(
      await stageKey("targets", [...under("data/targets.csv"), ...surveyFiles, ...configFiles], {
        year,
        code: codeOf("screen", "audit", "trends"),
      }),
      "三区三线目标",
      () => gatherTargets(dataDir, year, trends.farmland, targetsGiven),
    );
    const national = await cache.get(
      await stageKey("national", under("public/"), { code: codeOf("trends") }),
      "全国",
      () => gatherNational(),
    );
    mark("targets+national");
    const province = units.counties[0]?.code.slice(0, 2) ?? "";
    const demo = await isDemo(dataDir);
    const facts: BriefingFacts = {
      region: { code: province, name: units.names[province] ?? `行政区 ${province}`, level: "province" },
      demo,
      year,
      previousYear: trends.surveyYears.filter((y) => y < year).at(-1) ?? null,
      surveyYears: trends.surveyYears,
      counties: units.counties,
      names: units.names,
      farmland: trends.farmland,
      targets: targets.targets,
      outflow: balance.outflow,
      cover: balance.cover,
      pool: balance.pool,
      grades: balance.grades,
      restore: balance.restore,
      plan: balance.plan,
      parcels: balance.parcels,
      audit: {
        balance: audit.balance,
        flags: audit.flags,
        exempt: audit.exempt,
        exemptProjects: audit.exemptProjects,
        verdicts: audit.verdicts,
        trades: audit.trades,
        previousFlags: audit.previousFlags,
      },
      trends: trends.trends,
      national,
      method: [
        { stage: "进出平衡", notes: balance.notes },
        { stage: "占补平衡", notes: audit.notes },
        { stage: "耕地趋势", notes: trends.notes },
        { stage: "数据检查", notes: [...folderNotes, ...units.warnings, ...targets.warnings] },
      ],
      params: { 年度: year, 区域: o.region ?? province, 图斑图: !!o.withParcels, 红线配置: audit.configVersion },
    };
    // Warnings (a default region type, …) reach the terminal too, not only the method section.
    for (const m of facts.method) for (const n of m.notes) if (n.startsWith("警告")) o.log?.(n);
    const { view, tables, html, xlsx } = renderBriefing(facts, {
      region: o.region,
      previous: prev,
      method: methodTables(briefingView(facts, o.region), inputs, { command: o.command ?? "", code, config }),
      command: o.command ?? "",
      withParcels: !!o.withParcels,
    });
    mark("html+xlsx");
    const chromium = o.pdf === false ? null : findChromium();
    let pdfFailed: string | null = null;
    let pdfNote = o.pdf === false
      ? "未生成 PDF（--no-pdf）"
      : chromium
      ? "已生成"
      : `${chromiumMissingMessage()}（HTML、XLSX 照常生成；PDF 使用 Noto Sans CJK 字体）`;
    const tablesJson = stableJson(tables) + "\n";
    const files: Record<string, string | Uint8Array | ((p: string) => Promise<void>)> = {
      "briefing.html": html,
      "briefing.xlsx": xlsx,
      "tables.json": tablesJson,
    };
    if (chromium) {
      // A Chromium that is there but cannot print (missing libraries, a broken install) costs the
      // PDF only: the HTML and XLSX are the briefing; the manifest says so and the next run retries.
      files["briefing.pdf"] = async (p) => {
        try {
          await printToPdf(p.replace(/briefing\.pdf$/, "briefing.html"), p, {
            footer: `${view.regionName}耕地平衡简报（${year} 年）${demo ? "｜示例数据" : ""}${o.withParcels ? "｜内部资料" : ""}`,
          });
        } catch (e) {
          await Deno.remove(p).catch(() => {});
          pdfFailed = String((e as Error)?.message ?? e).split("\n")[0];
          pdfNote = `PDF 打印失败（Chromium：${chromium}）：${pdfFailed}；HTML、XLSX 照常生成，下次运行将重试`;
          log(`警告：${pdfNote}`);
        }
      };
    }
    for (const [k, text] of cache.entries) files[`.cache/${k}.json`] = text;
    const outputs = [
      { path: "briefing.html", sha256: await sha256Text(html) },
      { path: "tables.json", sha256: await sha256Text(tablesJson) },
    ];
    files["manifest.json"] = async (p) => {
      mark("pdf");
      const manifest = {
        product: "耕地平衡简报",
        key,
        status: pdfFailed ? "rebuilt-without-pdf" : "rebuilt",
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        durationSeconds: Math.round(performance.now() - t0) / 1000,
        software: code,
        config,
        command: o.command ?? null,
        inputs,
        outputs,
        pdf: pdfNote,
        cache: { hits: cache.hits, misses: cache.misses },
        timings,
      };
      await Deno.writeTextFile(p, JSON.stringify(manifest, null, 2) + "\n");
    };
    await writeReportDir(outDir, files);
    const written = Object.keys(files).filter((f) => !f.startsWith(".cache/") && !(pdfFailed && f === "briefing.pdf"));
    log(`已写出 ${outDir}：${written.join("、")}（PDF：${pdfNote}）`);
    return {
      status: pdfFailed ? "rebuilt-without-pdf" : "rebuilt",
      outDir,
      files: written,
      timings,
      cache: { hits: cache.hits, misses: cache.misses },
      pdf: pdfNote,
    };
  } finally {
    await release();
  }
}


async function isDemo(dataDir: string): Promise<boolean> {
  try {
    const m = JSON.parse(await Deno.readTextFile(`${dataDir}/manifest.json`));
    return typeof m.generator === "string" && m.generator.includes("示例");
  } catch {
    return false;
  }
}

export type { InputFile };
