/**
 * Deno's Jupyter kernel for this workspace, installed into a project-local Jupyter path
 * (`<repo>/.jupyter/`, gitignored) so nothing is written to the user's home: the kernelspec's
 * argv[0] is the very Deno binary running (under `npx deno@x.y.z`, the npx cache's binary), and
 * the kernel runs from the repository root so it picks up `deno.json` (import map, node_modules).
 * Used by `deno task notebook` (the notebook server) and by the test harness (nbclient).
 *
 * @example
 * ```ts
 * await ensureDenoKernel();
 * new Deno.Command("/usr/bin/jupyter-notebook", { env: jupyterEnv() });
 * ```
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The project-local Jupyter home (data, config, runtime). */
export const JUPYTER_HOME: string = join(REPO_ROOT, ".jupyter");
/** Kernel name of the workspace's Deno kernel. */
export const KERNEL_NAME = "deno";

/** Environment shared by `deno jupyter --install`, nbclient and the kernel it launches. */
export function jupyterEnv(): Record<string, string> {
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    JUPYTER_DATA_DIR: join(JUPYTER_HOME, "data"),
    JUPYTER_PATH: join(JUPYTER_HOME, "data"),
    JUPYTER_CONFIG_DIR: join(JUPYTER_HOME, "config"),
    JUPYTER_RUNTIME_DIR: join(JUPYTER_HOME, "runtime"),
    IPYTHONDIR: join(JUPYTER_HOME, "ipython"),
    JUPYTER_PLATFORM_DIRS: "1",
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
    NO_COLOR: "1",
  };
  // Make sure /usr/bin/python3 sees only Debian's site-packages.
  for (const k of ["PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONUSERBASE"]) {
    delete env[k];
  }
  env.PYTHONNOUSERSITE = "1";
  return env;
}

let kernelReady: Promise<string> | undefined;

/**
 * Installs (once per process) the Deno kernelspec into <repo>/.jupyter/data/kernels/deno with
 * argv[0] = Deno.execPath(). Returns the kernelspec directory.
 */
export function ensureDenoKernel(): Promise<string> {
  kernelReady ??= installDenoKernel().catch((e) => {
    kernelReady = undefined;
    throw e;
  });
  return kernelReady;
}

async function installDenoKernel(): Promise<string> {
  const env = jupyterEnv();
  for (const k of ["JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"]) {
    await Deno.mkdir(env[k], { recursive: true });
  }
  const specDir = join(env.JUPYTER_DATA_DIR, "kernels", KERNEL_NAME);
  const denoBin = Deno.execPath();

  // `deno jupyter --install` ignores JUPYTER_DATA_DIR: it writes to $XDG_DATA_HOME/jupyter/kernels
  // (default ~/.local/share/...). Point XDG_DATA_HOME at a private staging dir, then move it in.
  const staging = await Deno.makeTempDir({ dir: JUPYTER_HOME, prefix: "staging-" });
  try {
    const out = await new Deno.Command(denoBin, {
      args: ["jupyter", "--install", "--force", "--name", KERNEL_NAME, "--display", "Deno (repo)"],
      env: { ...env, XDG_DATA_HOME: staging },
      cwd: REPO_ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const staged = join(staging, "jupyter", "kernels", KERNEL_NAME);
    const log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    let spec: { argv: string[]; env?: Record<string, string>; [k: string]: unknown };
    try {
      spec = JSON.parse(await Deno.readTextFile(join(staged, "kernel.json")));
    } catch (e) {
      throw new Error(
        `deno jupyter --install did not produce ${staged}/kernel.json (exit ${out.code}):\n${log}\n${e}`,
      );
    }
    if (!out.success) throw new Error(`deno jupyter --install failed (exit ${out.code}):\n${log}`);
    // Same binary as the test run (npx installs deno under ~/.npm/_npx/<hash>/node_modules/...).
    spec.argv[0] = denoBin;
    spec.env = { ...(spec.env ?? {}), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
    await Deno.mkdir(specDir, { recursive: true });
    for await (const e of Deno.readDir(staged)) {
      if (e.isFile && e.name !== "kernel.json") {
        await Deno.copyFile(join(staged, e.name), join(specDir, e.name));
      }
    }
    // Atomic replace: other test processes may read the spec concurrently.
    const tmp = join(specDir, `.kernel.json.${crypto.randomUUID()}`);
    await Deno.writeTextFile(tmp, JSON.stringify(spec, null, 2) + "\n");
    await Deno.rename(tmp, join(specDir, "kernel.json"));
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
  return specDir;
}
