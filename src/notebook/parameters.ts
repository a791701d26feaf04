/**
 * Parameters of a notebook, the papermill way: the first code cell tagged `parameters` declares
 * them (`const year = 2024; // 调查年度`), and a run injects a cell tagged `injected-parameters`
 * right after it that declares the overridden ones again. Deno's kernel evaluates cells in V8's
 * REPL mode, where a later cell may declare a `const` again, so the notebook reads the new values.
 *
 * A value is typed by the declared type or else the default it replaces: a number takes only a
 * finite number, a boolean true/false (or 是/否), a string any text; a parameter declared
 * `T | undefined` takes an empty value as undefined. An unknown name is an error that lists the
 * notebook's parameters.
 *
 * @example
 * ```ts
 * const nb = injectParameters(notebook, { year: "2023" }, "03_screening.ipynb");
 * ```
 */

/** One parameter as the parameters cell declares it. */
export interface NotebookParameter {
  name: string;
  kind: "number" | "string" | "boolean";
  /** The default as written in the cell. */
  literal: string;
  /** The comment after it (the Chinese explanation), or "". */
  comment: string;
  /** Declared `T | undefined`: an empty value (or "undefined") passes undefined. */
  optional: boolean;
}

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[]; [k: string]: unknown };
  [k: string]: unknown;
}

/** A notebook as nbformat 4 JSON (only what is read here). */
export interface NotebookJson {
  cells: Cell[];
  metadata?: Record<string, unknown>;
  [k: string]: unknown;
}

const DECLARATION = /^\s*(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.+?)\s*;?\s*(?:\/\/\s*(.*))?$/;

const text = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);

/** Index of the first code cell tagged `parameters`, or -1. */
export function parametersCellIndex(nb: NotebookJson): number {
  return nb.cells.findIndex((c) => c.cell_type === "code" && (c.metadata?.tags ?? []).includes("parameters"));
}

function kindOfType(type: string): NotebookParameter["kind"] | null {
  const parts = type.split("|").map((t) => t.trim()).filter((t) => t && t !== "undefined" && t !== "null");
  return parts.length === 1 && (parts[0] === "number" || parts[0] === "string" || parts[0] === "boolean") ? parts[0] : null;
}

function kindOf(literal: string): NotebookParameter["kind"] | null {
  if (/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(literal)) return "number";
  if (literal === "true" || literal === "false") return "boolean";
  if (/^"(?:[^"\\]|\\.)*"$/.test(literal) || /^'(?:[^'\\]|\\.)*'$/.test(literal)) return "string";
  return null;
}

/** The parameters a notebook declares (empty when it has no parameters cell). */
export function notebookParameters(nb: NotebookJson): NotebookParameter[] {
  const i = parametersCellIndex(nb);
  if (i < 0) return [];
  const out: NotebookParameter[] = [];
  for (const line of text(nb.cells[i].source).split("\n")) {
    const m = DECLARATION.exec(line);
    if (!m) continue;
    const [, name, type = "", literal, comment = ""] = m;
    const kind = kindOfType(type) ?? kindOf(literal);
    if (kind) out.push({ name, kind, literal, comment: comment.trim(), optional: /\bundefined\b/.test(type) });
  }
  return out;
}

function literalFor(p: NotebookParameter, value: string, where: string): string {
  if (p.optional && (value.trim() === "" || value.trim() === "undefined")) return "undefined";
  if (p.kind === "number") {
    const n = Number(value.trim());
    if (value.trim() === "" || !Number.isFinite(n)) {
      throw new Error(`${where}：参数 ${p.name}（${p.comment || "数值"}）应为数字，收到“${value}”`);
    }
    return String(n);
  }
  if (p.kind === "boolean") {
    const v = value.trim().toLowerCase();
    if (v === "true" || v === "是") return "true";
    if (v === "false" || v === "否") return "false";
    throw new Error(`${where}：参数 ${p.name}（${p.comment || "是/否"}）应为 true/false 或 是/否，收到“${value}”`);
  }
  return JSON.stringify(value);
}

/**
 * A copy of `nb` with a cell tagged `injected-parameters` after its parameters cell. Throws
 * (Chinese, naming `where`) when the notebook has no parameters cell, a name is not one of its
 * parameters, or a value does not fit the parameter's type.
 */
export function injectParameters(nb: NotebookJson, values: Record<string, string>, where: string): NotebookJson {
  const names = Object.keys(values);
  if (names.length === 0) return nb;
  const at = parametersCellIndex(nb);
  if (at < 0) throw new Error(`${where} 没有标记为 parameters 的代码格，不能注入参数`);
  const declared = new Map(notebookParameters(nb).map((p) => [p.name, p]));
  const lines = ["// 注入的参数（notebook run --param）"];
  for (const name of names) {
    const p = declared.get(name);
    if (!p) {
      throw new Error(
        `${where} 没有参数“${name}”；可用的参数：${[...declared.values()].map((d) => `${d.name}（${d.comment || d.kind}）`).join("、")}`,
      );
    }
    const type = p.optional ? `: ${p.kind} | undefined` : "";
    lines.push(`const ${name}${type} = ${literalFor(p, values[name], where)};`);
  }
  const injected: Cell = {
    cell_type: "code",
    execution_count: null,
    metadata: { tags: ["injected-parameters"] },
    outputs: [],
    source: lines.join("\n"),
  };
  const cells = [...nb.cells.slice(0, at + 1), injected, ...nb.cells.slice(at + 1)];
  return { ...nb, cells, metadata: { ...nb.metadata, parameters: { ...values } } };
}

/**
 * `name=value` pairs of the command line as a record; throws on a pair without `=` or a repeated name.
 */
export function parseParamPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`--param 应写成 名称=值，收到“${pair}”`);
    const name = pair.slice(0, eq).trim();
    if (name in out) throw new Error(`--param ${name} 给了两次`);
    out[name] = pair.slice(eq + 1);
  }
  return { ...out };
}
