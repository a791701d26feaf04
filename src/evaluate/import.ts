/**
 * Importing field returns (DOMAIN.md §4.5): every row is checked — BSM known, 部件号 valid, every
 * indicator filled and in range, at least 4 good photos from distinct angles at or near the
 * piece — and every piece ends in exactly one list: graded (a complete return), incomplete
 * (with every reason), or never returned. Nothing is graded silently.
 *
 * Readings chosen:
 * - A row whose indicator and photo cells are all blank (a form row sent back unfilled) is no
 *   return: it is counted per file as 未填写 and its piece stays 未回传 unless another row
 *   describes it.
 * - A row without 部件号 applies to every piece of its BSM (the demo's and most apps' returns
 *   are per parcel); its photos are measured to the nearest of those pieces. A row with 部件号
 *   applies to that piece only, and for that piece it takes precedence over part-less rows.
 * - Several rows for one piece (in one file or several): rows with the same content (indicators
 *   and photos; 核查人员/备注 ignored) are one version. Exactly one complete version → graded
 *   (incomplete versions it supersedes are listed under duplicates); two or more different
 *   complete versions → a conflict, listed as incomplete, never graded by file order; no
 *   complete version → incomplete with the reasons of each version. The outcome depends only on
 *   the set of rows, never on their order, so importing the same files again, in any order, or
 *   together with earlier files, gives the same result.
 *
 * @example
 * ```ts
 * const result = await importReturns(["field_returns.xlsx"], pieces, system, { crs });
 * result.graded.length + result.incomplete.length + result.missing.length === pieces.length; // true
 * ```
 * @module
 */
// @ts-types="@types/d3-array"
import { group, rollup } from "d3-array";
import type { Cell } from "../io/layer.ts";
import type { ScreenPiece } from "../screen/types.ts";
import { DUPLICATE_LABELS, type DuplicateResolution } from "./labels.ts";
import type { IndicatorSystem } from "./system.ts";
import { indicatorFields } from "./system.ts";
import { cellNumber, cellText, checkIndicatorValues, gradePiece, type ValueProblem } from "./grade.ts";
import type {
  DuplicateEntry,
  GradedPiece,
  ImportOptions,
  ImportResult,
  IncompletePiece,
  ReturnProblem,
  RowRef,
} from "./import_types.ts";

export type {
  DuplicateEntry,
  GradedPiece,
  ImportOptions,
  ImportResult,
  IncompletePiece,
  ReturnProblem,
  RowRef,
} from "./import_types.ts";
import {
  checkPhotos,
  DEFAULT_PHOTO_RULES,
  PHOTO_PARTS,
  photoDistancer,
  photoIndexes,
  type PhotoRules,
} from "./photos.ts";
import { readReturnRows, type ReturnRow } from "./returns.ts";
import { PIECE_COLUMNS, photoColumns } from "./form.ts";
import { enforceProblems, inputPolicy } from "../ingest/policy.ts";
import type { Problem } from "../ingest/report.ts";

interface CheckedRow extends RowRef {
  bsm: string;
  part: number | null;
  values: Record<string, Cell>;
  problems: ValueProblem[];
  signature: string;
}

/** Key of a piece. */
function pieceKey(bsm: string, part: number): string {
  return `${bsm}\u0000${part}`;
}

function byRef(a: RowRef, b: RowRef): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.row - b.row;
}

function byPiece(a: ScreenPiece, b: ScreenPiece): number {
  return a.bsm < b.bsm ? -1 : a.bsm > b.bsm ? 1 : a.part - b.part;
}

function refs(rows: readonly RowRef[]): RowRef[] {
  return rows.map((r) => ({ file: r.file, row: r.row })).sort(byRef);
}

function refText(rows: readonly RowRef[]): string {
  return rows.map((r) => `${r.file} 第 ${r.row} 行`).join("、");
}

/** Reads BSM and 部件号 of a row, or the reason it matches no piece. */
function identify(
  r: ReturnRow,
  byBsm: Map<string, ScreenPiece[]>,
): { bsm: string; part: number | null; targets: ScreenPiece[] } | ReturnProblem {
  const raw = r.values["BSM"];
  const at = { file: r.file, row: r.row };
  const bsm = cellText(raw);
  if (bsm === "") {
    return {
      ...at,
      bsm: null,
      part: null,
      code: "no_bsm",
      field: "BSM",
      value: null,
      message: "BSM（标识码）未填写",
    };
  }
  if (typeof raw === "number" && !Number.isSafeInteger(raw)) {
    return {
      ...at,
      bsm,
      part: null,
      code: "bsm_precision",
      field: "BSM",
      value: raw,
      message: `BSM 以数值保存（${bsm}），超过 15 位的数字已丢失精度；请把 BSM 列设为文本后重填`,
    };
  }
  const pieces = byBsm.get(bsm);
  if (!pieces) {
    return {
      ...at,
      bsm,
      part: null,
      code: "unknown_bsm",
      field: "BSM",
      value: raw,
      message: `BSM“${bsm}”不在本次核实的图斑中`,
    };
  }
  const rawPart = r.values["部件号"];
  if (cellText(rawPart) === "") return { bsm, part: null, targets: pieces };
  const part = cellNumber(rawPart);
  if (part === null || !Number.isInteger(part) || part < 1) {
    return {
      ...at,
      bsm,
      part: null,
      code: "bad_part",
      field: "部件号",
      value: rawPart,
      message: `部件号应为正整数或留空（留空表示该 BSM 的全部部件），收到“${cellText(rawPart)}”`,
    };
  }
  const piece = pieces.find((p) => p.part === part);
  if (!piece) {
    return {
      ...at,
      bsm,
      part,
      code: "unknown_part",
      field: "部件号",
      value: rawPart,
      message: `BSM“${bsm}”没有部件 ${part}（现有部件：${pieces.map((p) => p.part).join("、")}）`,
    };
  }
  return { bsm, part, targets: [piece] };
}

/**
 * The columns each return file lacks: every indicator of the system and the photo columns of
 * photos 1 to `minPhotos`. The message lists the file's unrecognised columns beside the missing
 * ones, since a lost column is most often a renamed one.
 *
 * @example
 * ```ts
 * returnColumnProblems(rows, system, 4)[0]?.message;
 * // "回传文件“乡镇A.xlsx”缺少列：生产现状；表中有未识别的列：现状（是否被改名？…）"
 * ```
 */
export function returnColumnProblems(rows: readonly ReturnRow[], system: IndicatorSystem, minPhotos: number): Problem[] {
  const required = [...new Set([...indicatorFields(system), ...photoColumns(minPhotos)])];
  const known = new Set([...required, ...PIECE_COLUMNS.map((c) => c.header), "核查人员", "备注", "核查日期"]);
  const out: Problem[] = [];
  const firstRow = new Map<string, ReturnRow>();
  for (const r of rows) if (!firstRow.has(r.file)) firstRow.set(r.file, r);
  for (const [file, r] of firstRow) {
    const headers = Object.keys(r.values);
    const missing = required.filter((h) => !headers.includes(h));
    if (missing.length === 0) continue;
    const unknown = headers.filter((h) => !known.has(h) && !/^照片\d+/.test(h) && !/^列\d+$/.test(h));
    out.push({
      code: "missing_field",
      file,
      row: null,
      bsm: null,
      field: missing.join("、"),
      value: null,
      message: `回传文件“${file}”缺少列：${missing.join("、")}` +
        (unknown.length ? `；表中有未识别的列：${unknown.join("、")}（是否被改名？请把表头改回核实表原样）` : "") +
        "；该文件各行无法评定",
    });
  }
  return out;
}

/**
 * Checks rows already read against the pieces and the system, and sorts every piece into
 * graded / incomplete / missing (pure: no file access). See the module doc for the readings.
 *
 * @example
 * ```ts
 * const result = evaluateReturns(rows, pieces, system, { crs: gaussKrugerZone(38, true) });
 * ```
 */
export function evaluateReturns(
  rows: readonly ReturnRow[],
  pieces: readonly ScreenPiece[],
  system: IndicatorSystem,
  opts: ImportOptions,
): ImportResult {
  const rules: PhotoRules = {
    minPhotos: opts.minPhotos ?? DEFAULT_PHOTO_RULES.minPhotos,
    minAzimuthSeparationDeg: opts.minAzimuthSeparationDeg ?? DEFAULT_PHOTO_RULES.minAzimuthSeparationDeg,
    maxPhotoDistanceM: opts.maxPhotoDistanceM ?? DEFAULT_PHOTO_RULES.maxPhotoDistanceM,
  };
  for (const [k, v] of Object.entries(rules)) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`照片规则 ${k} 应为非负数，收到 ${v}`);
  }
  const sorted = [...pieces].sort(byPiece);
  const seen = new Set<string>();
  for (const p of sorted) {
    const k = pieceKey(p.bsm, p.part);
    if (seen.has(k)) throw new Error(`核实图斑重复：BSM“${p.bsm}”部件 ${p.part} 出现两次`);
    seen.add(k);
  }
  const byBsm = group(sorted, (p) => p.bsm);
  const distance = photoDistancer(opts.crs);
  const fields = indicatorFields(system);
  const unique = new Map<string, ReturnRow>();
  for (const r of rows) unique.set(`${r.file}\u0000${r.row}`, r);
  const ordered = [...unique.values()].sort(byRef);

  const unmatched: ReturnProblem[] = [];
  const fileRows = rollup(ordered, (v) => v.length, (r) => r.file);
  const blankRows: ReturnRow[] = [], checkedRows: CheckedRow[] = [];
  for (const r of ordered) {
    const photoCols = photoIndexes(Object.keys(r.values));
    const content = [
      ...fields.map((f) => cellText(r.values[f])),
      ...photoCols.flatMap((i) => PHOTO_PARTS.map((p) => cellText(r.values[`照片${i}${p}`]))),
    ];
    if (content.every((c) => c === "")) {
      blankRows.push(r);
      continue;
    }
    const id = identify(r, byBsm);
    if ("code" in id) {
      unmatched.push(id);
      continue;
    }
    const problems = [
      ...checkIndicatorValues(r.values, system),
      ...checkPhotos(r.values, photoCols, id.targets.map((p) => p.rings), distance, rules),
    ];
    while (content.length > fields.length && content[content.length - 1] === "") content.pop();
    checkedRows.push({
      file: r.file,
      row: r.row,
      bsm: id.bsm,
      part: id.part,
      values: r.values,
      problems,
      signature: JSON.stringify(content),
    });
  }
  const blank = rollup(blankRows, (v) => v.length, (r) => r.file);
  // rows naming a part, by piece; rows naming only the BSM, by BSM
  const explicit = group(checkedRows.filter((r) => r.part !== null), (r) => pieceKey(r.bsm, r.part!));
  const general = group(checkedRows.filter((r) => r.part === null), (r) => r.bsm);

  const graded: GradedPiece[] = [], incomplete: IncompletePiece[] = [], missing: ScreenPiece[] = [];
  const duplicates: DuplicateEntry[] = [];
  const dup = (
    p: ScreenPiece,
    resolution: DuplicateResolution,
    used: RowRef[],
    others: RowRef[],
    detail = "",
  ) =>
    duplicates.push({
      bsm: p.bsm,
      part: p.part,
      resolution,
      used: refs(used),
      others: refs(others),
      message: `${DUPLICATE_LABELS[resolution]}${detail}`,
    });
  for (const p of sorted) {
    const own = explicit.get(pieceKey(p.bsm, p.part)) ?? [];
    const shared = general.get(p.bsm) ?? [];
    const used = own.length > 0 ? own : shared;
    if (used.length === 0) {
      missing.push(p);
      continue;
    }
    if (own.length > 0 && shared.length > 0) dup(p, "part_override", own, shared);
    const all = [...group(used, (r) => r.signature).values()];
    for (const v of all) if (v.length > 1) dup(p, "merged", v.slice(0, 1), v.slice(1));
    const complete = all.filter((v) => v[0].problems.length === 0);
    const toProblem = (r: CheckedRow, q: ValueProblem): ReturnProblem => ({
      file: r.file,
      row: r.row,
      bsm: p.bsm,
      part: r.part,
      ...q,
    });
    if (complete.length === 1) {
      const [v] = complete;
      const others = all.filter((x) => x !== v).flat();
      if (others.length > 0) dup(p, "superseded", v, others);
      graded.push({ piece: p, grade: gradePiece(v[0].values, system), sources: refs(v) });
    } else if (complete.length > 1) {
      const firsts = complete.map((v) => v[0]);
      dup(p, "conflict", [], firsts);
      incomplete.push({
        piece: p,
        sources: refs(used),
        problems: [{
          ...firsts[0],
          bsm: p.bsm,
          part: firsts[0].part,
          code: "conflict",
          field: "（整行）",
          value: null,
          message: `${complete.length} 条完整回传内容不同（${refText(firsts)}），请核对后只保留一条`,
        }],
      });
    } else {
      incomplete.push({
        piece: p,
        sources: refs(used),
        problems: all.map((v) => v[0]).sort(byRef).flatMap((r) => r.problems.map((q) => toProblem(r, q))),
      });
    }
  }
  duplicates.sort((
    a,
    b,
  ) => (a.bsm < b.bsm
    ? -1
    : a.bsm > b.bsm
    ? 1
    : a.part - b.part || a.resolution.localeCompare(b.resolution))
  );
  return {
    systemId: system.id,
    systemVersion: system.version,
    systemName: system.name,
    rules,
    files: [...fileRows].map(([file, n]) => ({ file, rows: n, blank: blank.get(file) ?? 0 }))
      .sort((a, b) => (a.file < b.file ? -1 : 1)),
    graded,
    incomplete,
    missing,
    duplicates,
    unmatched,
    notes: [],
  };
}

/**
 * Reads return files (XLSX/CSV) and evaluates them against the pieces ({@link evaluateReturns}).
 *
 * @example
 * ```ts
 * const r = await importReturns(["a.xlsx", "b.csv"], pieces, system, { crs, maxPhotoDistanceM: 300 });
 * r.incomplete[0].problems[0].message; // e.g. "照片4拍摄位置距图斑 4987 米，超过 300 米"
 * ```
 */
export async function importReturns(
  files: readonly string[],
  pieces: readonly ScreenPiece[],
  system: IndicatorSystem,
  opts: ImportOptions,
): Promise<ImportResult> {
  if (files.length === 0) throw new Error("没有给出回传文件");
  const rows = await readReturnRows(files);
  // A file whose form lost a column (deleted or renamed) is an input error of the whole file:
  // under the command line it stops the run; --allow missing_field leaves the file out.
  const problems = returnColumnProblems(rows, system, opts.minPhotos ?? DEFAULT_PHOTO_RULES.minPhotos);
  const { leaves, notes } = enforceProblems(problems);
  const result = evaluateReturns(rows.filter((r) => !leaves(r.file, null)), pieces, system, opts);
  result.notes = inputPolicy().enforce ? notes : problems.map((p) => p.message);
  const seen = new Set(result.files.map((f) => f.file));
  for (const f of new Set(files)) if (!seen.has(f)) result.files.push({ file: f, rows: 0, blank: 0 });
  result.files.sort((a, b) => (a.file < b.file ? -1 : 1));
  return result;
}
