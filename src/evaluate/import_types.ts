/**
 * Types of an import of field returns ({@link importReturns} in import.ts): where a row came
 * from, its problems, the three lists every piece ends in, and the duplicates.
 *
 * @example
 * ```ts
 * const r: ImportResult = await importReturns(files, pieces, system, { crs });
 * r.graded[0].grade.result; // "建议恢复"
 * ```
 * @module
 */
import type { Crs } from "../io/crs.ts";
import type { ScreenPiece } from "../screen/types.ts";
import type { DuplicateResolution } from "./labels.ts";
import type { PieceGrade, ValueProblem } from "./grade.ts";
import type { PhotoRules } from "./photos.ts";

/** Where a row came from. */
export interface RowRef {
  file: string;
  row: number;
}

/** A problem of one row, with where it is and what it concerns. */
export interface ReturnProblem extends ValueProblem, RowRef {
  bsm: string | null;
  part: number | null;
}

/** A piece with a complete return and its grade. */
export interface GradedPiece {
  piece: ScreenPiece;
  grade: PieceGrade;
  /** The rows (one version, possibly several identical rows) it was graded from. */
  sources: RowRef[];
}

/** A piece whose returns are all incomplete, or in conflict. */
export interface IncompletePiece {
  piece: ScreenPiece;
  problems: ReturnProblem[];
  sources: RowRef[];
}

/** A piece described by more than one row, and what was done. */
export interface DuplicateEntry {
  bsm: string;
  part: number;
  resolution: DuplicateResolution;
  /** The rows used for the grade, or empty (conflict). */
  used: RowRef[];
  /** The rows merged, superseded, overridden or in conflict. */
  others: RowRef[];
  message: string;
}

/** Options of an import: the photo rules (defaults {@link DEFAULT_PHOTO_RULES}) and the pieces' CRS. */
export interface ImportOptions extends Partial<PhotoRules> {
  /** CRS of the pieces' rings; photo positions (CGCS2000/WGS84 degrees) are measured in it. */
  crs: Crs;
}

/** Everything an import produces; graded + incomplete + missing hold every piece once. */
export interface ImportResult {
  systemId: string;
  systemVersion: string;
  systemName: string;
  rules: PhotoRules;
  /** Rows read per file, and how many of them were left blank (a form row never filled: no return). */
  files: { file: string; rows: number; blank: number }[];
  graded: GradedPiece[];
  incomplete: IncompletePiece[];
  /** Pieces no row describes (未回传). */
  missing: ScreenPiece[];
  duplicates: DuplicateEntry[];
  /** Rows that match no piece (unknown BSM or part, no BSM), each with its reason. */
  unmatched: ReturnProblem[];
  /** What the check of the files' columns said (files left out under --allow, or the problems when no policy is enforced). */
  notes: string[];
}
