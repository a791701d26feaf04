/**
 * `./farmland kernel-install`: installs this archive's Deno Jupyter kernel into a Jupyter data
 * folder, so the office's own Jupyter (or Debian's) lists it. Shipped inside the offline archive
 * (tools/bundle/bundle.ts) and run by its launcher with the archive's Deno.
 *
 * The kernelspec starts `<archive>/farmland kernel {connection_file}` (`farmland.cmd` on Windows):
 * the launcher sets the archive's DENO_DIR and starts `deno jupyter --kernel` in the archive
 * folder, so notebooks see its deno.json (import map `@/` → src/, node_modules) and nothing is
 * fetched. Relative paths in notebooks (the shipped ones use "data/demo") resolve from the archive
 * folder, as with `./farmland notebook run`.
 *
 * Where it goes (kernels/<name>/ under the first that applies):
 *   --prefix DIR   DIR/share/jupyter (what `jupyter kernelspec install --prefix` uses: a venv, conda)
 *   --dir DIR      DIR itself (a folder on JUPYTER_PATH)
 *   JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter (%APPDATA%\jupyter on Windows)
 *
 * @example
 * ```sh
 * ./farmland kernel-install                      # ~/.local/share/jupyter/kernels/farmland
 * ./farmland kernel-install --prefix /opt/jupyter
 * ```
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WINDOWS = Deno.build.os === "windows";

function usage(): string {
  return `用法 Usage: ./farmland kernel-install [--prefix DIR | --dir DIR] [--name NAME] [--display 名称]

把本离线包的 Deno Jupyter 内核安装到 Jupyter 的数据目录，供本单位已有的 Jupyter（或 Debian 的 jupyter-notebook）使用。
Installs this archive's Deno kernel into a Jupyter data folder.

  --prefix DIR   安装到 DIR/share/jupyter/kernels/NAME（虚拟环境、conda 等）
  --dir DIR      安装到 DIR/kernels/NAME（JUPYTER_PATH 中的一个目录）
  默认 default   $JUPYTER_DATA_DIR，否则 $XDG_DATA_HOME/jupyter，否则 ~/.local/share/jupyter
  --name NAME    内核名（默认 farmland）/ kernel name
  --display S    显示名称 / display name`;
}

function parse(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      out.help = "1";
      continue;
    }
    const m = a.match(/^--(prefix|dir|name|display)(?:=(.*))?$/);
    if (!m) throw new Error(`未知参数 unknown argument: ${a}`);
    const v = m[2] ?? argv[++i];
    if (v === undefined || v === "") throw new Error(`--${m[1]} 缺少取值 (missing value)`);
    out[m[1]] = v;
  }
  return out;
}

function env(name: string): string | undefined {
  return Deno.env.get(name) || undefined;
}

/** The Jupyter data folder the kernel goes into. */
export function jupyterDataDir(o: { prefix?: string; dir?: string }): string {
  if (o.prefix) return join(resolve(o.prefix), "share", "jupyter");
  if (o.dir) return resolve(o.dir);
  const jd = env("JUPYTER_DATA_DIR");
  if (jd) return resolve(jd);
  if (WINDOWS) {
    const appdata = env("APPDATA");
    if (!appdata) throw new Error("APPDATA 未设置：请用 --dir 指定 Jupyter 数据目录");
    return join(appdata, "jupyter");
  }
  const xdg = env("XDG_DATA_HOME");
  if (xdg) return join(xdg, "jupyter");
  const home = env("HOME");
  if (!home) throw new Error("HOME 未设置：请用 --prefix 或 --dir 指定 Jupyter 数据目录");
  return join(home, ".local", "share", "jupyter");
}

async function findFile(dir: string, name: string): Promise<string | null> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isFile && e.name === name) return p;
    if (e.isDirectory) {
      const f = await findFile(p, name);
      if (f) return f;
    }
  }
  return null;
}

/** Installs the kernelspec; returns its folder. */
export async function installKernel(
  o: { prefix?: string; dir?: string; name?: string; display?: string },
): Promise<string> {
  const name = o.name ?? "farmland";
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`内核名只能含字母、数字、. _ -，收到“${name}”`);
  let version = "";
  try {
    version = JSON.parse(await Deno.readTextFile(join(HERE, "VERSION.json"))).version ?? "";
  } catch { /* not an archive: a checkout */ }
  const display = o.display ?? `耕地平衡 Deno${version ? `（${version}）` : ""}`;
  const target = join(jupyterDataDir(o), "kernels", name);
  // `deno jupyter --install` writes kernel.json and the logos under XDG_DATA_HOME (APPDATA on
  // Windows): let it write into a staging folder, keep the logos, write our own kernel.json.
  const staging = await Deno.makeTempDir({ prefix: "farmland-kernel-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["jupyter", "--install", "--force", "--name", name, "--display", display],
      env: { XDG_DATA_HOME: staging, APPDATA: staging, DENO_NO_UPDATE_CHECK: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const spec = await findFile(staging, "kernel.json");
    if (!out.success || !spec) {
      const td = new TextDecoder();
      throw new Error(
        `deno jupyter --install 失败（退出码 ${out.code}）：${td.decode(out.stdout)}${td.decode(out.stderr)}`,
      );
    }
    await Deno.mkdir(target, { recursive: true });
    for await (const e of Deno.readDir(dirname(spec))) {
      if (e.isFile && e.name !== "kernel.json") {
        await Deno.copyFile(join(dirname(spec), e.name), join(target, e.name));
      }
    }
    const launcher = join(HERE, WINDOWS ? "farmland.cmd" : "farmland");
    const kernel = {
      argv: [launcher, "kernel", "{connection_file}"],
      display_name: display,
      language: "typescript",
      env: { NO_COLOR: "1" }, // plain text/plain results, as the workspace's own kernel (src/notebook/kernel.ts)
      metadata: { farmland: { archive: HERE, version } },
    };
    const tmp = join(target, `.kernel.json.${crypto.randomUUID()}`);
    await Deno.writeTextFile(tmp, JSON.stringify(kernel, null, 2) + "\n");
    await Deno.rename(tmp, join(target, "kernel.json"));
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
  return target;
}

if (import.meta.main) {
  try {
    const o = parse(Deno.args);
    if (o.help) {
      console.log(usage());
      Deno.exit(0);
    }
    const dir = await installKernel(o);
    console.log(`已安装 Jupyter 内核 ${o.name ?? "farmland"}：${dir}`);
    console.log(
      `Installed the kernel into ${dir}. 在 Jupyter 中选择该内核即可 / pick it in Jupyter's kernel list.`,
    );
  } catch (e) {
    console.error(`错误：${(e as Error).message}`);
    Deno.exit(1);
  }
}
