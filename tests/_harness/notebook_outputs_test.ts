// Committed notebooks must be clean: no outputs, no execution counts (strip them before committing,
// e.g. `jupyter nbconvert --clear-output --inplace notebooks/X.ipynb`). Reads the real files.
import { join } from "node:path";
import { REPO_ROOT } from "./notebook.ts";

const NOTEBOOKS_DIR = join(REPO_ROOT, "notebooks");

/** Returns one message per offending cell of the given notebook JSON text. */
export function notebookHygieneProblems(text: string): string[] {
  let nb: { nbformat?: number; cells?: Array<Record<string, unknown>> };
  try {
    nb = JSON.parse(text);
  } catch (e) {
    return [`not valid JSON: ${(e as Error).message}`];
  }
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells)) return ["not an nbformat 4 notebook (nbformat/cells)"];
  const problems: string[] = [];
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    const outs = c.outputs as unknown[] | undefined;
    if (Array.isArray(outs) && outs.length > 0) problems.push(`cell ${i}: has ${outs.length} output(s)`);
    if (c.execution_count !== null && c.execution_count !== undefined) {
      problems.push(`cell ${i}: execution_count is ${c.execution_count}`);
    }
  });
  return problems;
}

async function committedNotebooks(): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const e of Deno.readDir(NOTEBOOKS_DIR)) {
      if (e.isFile && e.name.endsWith(".ipynb")) files.push(join(NOTEBOOKS_DIR, e.name));
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return files.sort();
}

Deno.test("notebook hygiene check detects outputs and execution counts", () => {
  const dirty = JSON.stringify({
    nbformat: 4,
    cells: [
      { cell_type: "markdown", source: "# t" },
      {
        cell_type: "code",
        execution_count: 3,
        outputs: [{ output_type: "stream", name: "stdout", text: "x" }],
      },
      { cell_type: "code", execution_count: null, outputs: [] },
    ],
  });
  const p = notebookHygieneProblems(dirty);
  if (p.length !== 2 || !p[0].includes("output") || !p[1].includes("execution_count")) {
    throw new Error(`unexpected problems: ${JSON.stringify(p)}`);
  }
});

Deno.test("committed notebooks/*.ipynb have no outputs and no execution counts", async (t) => {
  const files = await committedNotebooks();
  if (files.length === 0) console.log("  (no notebooks/*.ipynb committed yet)");
  for (const f of files) {
    await t.step(f.slice(REPO_ROOT.length + 1), async () => {
      const problems = notebookHygieneProblems(await Deno.readTextFile(f));
      if (problems.length) {
        throw new Error(
          `${f}:\n  ${problems.join("\n  ")}\nClear it: jupyter nbconvert --clear-output --inplace ${f}`,
        );
      }
    });
  }
});
