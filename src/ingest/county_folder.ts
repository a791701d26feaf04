/**
 * A province's data folder as the subcommands read it: one folder per county (six-digit code)
 * holding `DLTB_<year>.shp|geojson|json|fgb` for each survey year and the permanent basic
 * farmland layer `永久基本农田.shp` (or .geojson/.json/.fgb). One reader and one check for
 * `balance`, `audit`, `trends` and `report`:
 *
 * - a county without a survey year that other counties of the province have (DLTB_2024 in all
 *   counties but one) is an error of kind `missing_layer`: its numbers for that year would be
 *   missing from every total, or its year's change measured over two years;
 * - a county without its permanent basic farmland layer, where the command needs it, is the same
 *   error: the ledger could not tell 整改恢复 from other out-flow;
 * - a year missing in every county (2022 and 2024, no 2023) is a warning `survey_year_gap`: the
 *   change from 2022 to 2024 is measured as one step and said so.
 *
 * Under the input policy an error stops the command before it writes; `--allow missing_layer`
 * leaves those counties out, listed in the notes.
 *
 * @example
 * ```ts
 * const { folders, notes } = checkedCountyFolders(await readCountyFolders("data/demo"), { pbf: true });
 * ```
 * @module
 */
import { enforceProblems, inputPolicy } from "./policy.ts";
import { type Problem, PROBLEM_LABELS } from "./report.ts";

/** A survey file's name: DLTB_<year> with a vector extension. */
export const SURVEY_FILE = /^DLTB_(\d{4})\.(shp|geojson|json|fgb)$/i;

/** The permanent basic farmland layer's name (without extension) and the extensions read. */
export const PBF_LAYER = "永久基本农田";
const LAYER_EXTS = ["shp", "geojson", "json", "fgb"];

/** One county's folder. */
export interface CountyFolder {
  /** Six-digit code (the folder's name), or the folder's name when it is not one. */
  county: string;
  dir: string;
  /** Survey files by year, ascending. */
  surveys: Map<number, string>;
  /** The permanent basic farmland layer, or null. */
  pbf: string | null;
}

function listFiles(dir: string): string[] {
  return [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name).sort();
}

function folderAt(dir: string): CountyFolder {
  const names = listFiles(dir);
  const surveys = new Map<number, string>();
  for (const n of names) {
    const m = SURVEY_FILE.exec(n);
    if (m && !surveys.has(Number(m[1]))) surveys.set(Number(m[1]), `${dir}/${n}`);
  }
  const pbf = LAYER_EXTS.map((e) => `${PBF_LAYER}.${e}`).find((n) => names.includes(n));
  return {
    county: dir.slice(dir.lastIndexOf("/") + 1),
    dir,
    surveys: new Map([...surveys].sort((a, b) => a[0] - b[0])),
    pbf: pbf ? `${dir}/${pbf}` : null,
  };
}

/**
 * The county folders of `dataDir`: its six-digit subfolders, or `dataDir` itself when it holds
 * survey files or is named by a six-digit code. Throws a Chinese error when there are none.
 */
export function readCountyFolders(dataDir: string): CountyFolder[] {
  const clean = dataDir.replace(/[\\/]+$/, "");
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(clean)];
  } catch {
    throw new Error(`找不到数据目录：${dataDir}`);
  }
  const own = entries.some((e) => e.isFile && SURVEY_FILE.test(e.name));
  if (own || /^\d{6}$/.test(clean.slice(clean.lastIndexOf("/") + 1))) return [folderAt(clean)];
  const dirs = entries.filter((e) => e.isDirectory && /^\d{6}$/.test(e.name)).map((e) => `${clean}/${e.name}`).sort();
  if (dirs.length === 0) throw new Error(`${dataDir} 下没有县级文件夹（6 位代码命名，内含 DLTB_<年度>.shp）`);
  return dirs.map(folderAt);
}

/** County folders from survey file paths already found (grouped by their folder; no PBF looked for). */
export function foldersFromSurveyFiles(paths: Iterable<string>): CountyFolder[] {
  const by = new Map<string, Map<number, string>>();
  for (const p of paths) {
    const dir = p.slice(0, Math.max(0, p.lastIndexOf("/"))) || ".";
    const m = SURVEY_FILE.exec(p.slice(p.lastIndexOf("/") + 1));
    if (!m) continue;
    if (!by.has(dir)) by.set(dir, new Map());
    by.get(dir)!.set(Number(m[1]), p);
  }
  return [...by].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([dir, surveys]) => ({
    county: dir.slice(dir.lastIndexOf("/") + 1),
    dir,
    surveys: new Map([...surveys].sort((a, b) => a[0] - b[0])),
    pbf: null,
  }));
}

/** What the command needs of each folder. */
export interface FolderNeeds {
  /** The permanent basic farmland layer (balance, audit, trends, report: one contract for all). */
  pbf?: boolean;
}

/** A county folder's missing layer as an input problem (file = the folder). */
export function missingLayer(dir: string, value: string, message: string): Problem {
  return { code: "missing_layer", file: dir, row: null, bsm: null, field: null, value, message };
}

/** The problems of a province's county folders (pure). See the module doc. */
export function countyFolderProblems(folders: readonly CountyFolder[], needs: FolderNeeds = {}): Problem[] {
  const problems: Problem[] = [];
  const all = [...new Set(folders.flatMap((f) => [...f.surveys.keys()]))].sort((a, b) => a - b);
  const years = all;
  for (const f of folders) {
    const lacking = years.filter((y) => !f.surveys.has(y));
    if (lacking.length && f.surveys.size) {
      const others = folders.filter((g) => g !== f && lacking.some((y) => g.surveys.has(y))).length;
      problems.push(missingLayer(
        f.dir,
        lacking.map((y) => `DLTB_${y}`).join("、"),
        `县 ${f.county} 缺少 ${lacking.join("、")} 年度变更调查图斑（${lacking.map((y) => `DLTB_${y}.shp`).join("、")}），` +
          `省内其他 ${others} 个县已有；缺了它，该县这些年度的耕地与转出无法与其他县同口径统计`,
      ));
    }
    if (f.surveys.size === 0) {
      problems.push(missingLayer(f.dir, "DLTB_<年度>", `县级目录 ${f.dir} 中没有年度变更调查图斑（DLTB_<年度>.shp/.geojson/.fgb）`));
    }
    if (needs.pbf && !f.pbf) {
      problems.push(missingLayer(
        f.dir,
        `${PBF_LAYER}.shp`,
        `县 ${f.county} 的目录中没有永久基本农田图层（${PBF_LAYER}.shp），无法区分须整改恢复的转出、也无法核对占用永久基本农田`,
      ));
    }
  }
  for (let k = 1; k < all.length; k++) {
    if (all[k] - all[k - 1] > 1) {
      const missing = Array.from({ length: all[k] - all[k - 1] - 1 }, (_, j) => all[k - 1] + j + 1);
      problems.push({
        code: "survey_year_gap",
        file: folders.length === 1 ? folders[0].dir : folders[0].dir.slice(0, folders[0].dir.lastIndexOf("/")) || ".",
        row: null,
        bsm: null,
        field: null,
        value: missing.join("、"),
        message: `各县都没有 ${missing.join("、")} 年度变更调查：${all[k - 1]} 年与 ${all[k]} 年直接比较，${all[k]} 年的变化含 ${missing.length + 1} 个年度`,
      });
    }
  }
  return problems;
}

/**
 * Checks the folders under the input policy: throws for errors not allowed; returns the folders
 * kept (those with an allowed error left out) and the notes to print and write (what was allowed
 * and left out, and every warning).
 */
export function checkedCountyFolders(
  folders: readonly CountyFolder[],
  needs: FolderNeeds = {},
): { folders: CountyFolder[]; notes: string[] } {
  const problems = countyFolderProblems(folders, needs);
  const { leaves, notes } = enforceProblems(problems);
  // Warnings are said; errors too when no policy is enforced (a notebook, a test).
  const said = problems.filter((p) => PROBLEM_LABELS[p.code].severity !== "error" || !inputPolicy().enforce);
  const kept = folders.filter((f) => !leaves(f.dir, null));
  if (kept.length === 0 && folders.length) throw new Error("按 --allow 放行后没有可计算的县级目录");
  return { folders: kept, notes: [...said.map((p) => p.message), ...notes] };
}
