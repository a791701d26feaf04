/** The notebook executor, as the tests use it (it lives in src/notebook so `notebook run` shares it). */
export { assertNotebookOk, runNotebook, SYSTEM_PYTHON } from "../../src/notebook/execute.ts";
export type { CellResult, NotebookOutput, NotebookResult, NotebookRunOptions } from "../../src/notebook/execute.ts";
export { ensureDenoKernel, JUPYTER_HOME, jupyterEnv, KERNEL_NAME, REPO_ROOT } from "../../src/notebook/kernel.ts";
