/**
 * `deno task bundle --out FILE.tar.gz [--platform linux-x64|win32-x64]`: one offline archive of the
 * workspace for an office's internal network (issue 15). It unpacks to one folder
 * `farmland-<date>-<commit>-<platform>/` holding:
 *
 * - `farmland` (`farmland.cmd` on Windows): the launcher, taking the CLI's subcommands;
 * - `bin/deno`: the Deno binary of the npm package `deno` (the version running this task; on
 *   Linux the very binary, on Windows `@deno/win32-x64` fetched with `npm pack`);
 * - the npm dependencies: Linux — `node_modules/` as `deno install` lays it out (relative symlinks,
 *   `.setup-cache.bin`), so Deno finds everything and fetches nothing; Windows — Deno's own npm
 *   cache (`deno-dir/npm/registry.npmjs.org`, no symlinks, the win32-x64 DuckDB binding added with
 *   `npm pack`), from which Deno lays out node_modules on the first run, offline;
 * - `src/`, `notebooks/`, `data/{config,reference,public}`, `deno.json`, `deno.lock`,
 *   `tools/bundle/kernel_install.ts`, the office README (`README.md`, Chinese first) and `VERSION.json`.
 *
 * Left out: type declarations, source maps, the packages' docs and tests, other platforms'
 * binaries, unused builds of big packages (tools/bundle/prune.ts). Chromium does not travel: the
 * PDF uses the host's (src/browser/chromium.ts).
 *
 * Building needs what the workspace needs anyway (Deno's npm cache, filled from the registry when
 * something is missing) and, for Windows, `npm pack` from the registry. The archive then needs
 * nothing: tests/bundle/offline_test.ts unpacks it into an empty folder and builds the demo
 * province and its briefing with an empty HOME and no network.
 *
 * @example
 * ```sh
 * npx --yes deno@2.9.6 task bundle --out dist/farmland-linux-x64.tar.gz
 * npx --yes deno@2.9.6 task bundle --out dist/farmland-win32-x64.zip --platform win32-x64
 * ```
 * @module
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { listPackages, packageRules, prunePackages } from "./prune.ts";

/** Platforms the bundle can be built for. */
export const PLATFORMS = ["linux-x64", "win32-x64"] as const;
export type Platform = typeof PLATFORMS[number];

/** The repository root. */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** What goes from the repository into the archive: folders (recursively) and single files. */
export const PROJECT_DIRS = ["src", "notebooks", "data/config", "data/reference", "data/public"];
export const PROJECT_FILES = ["deno.json", "deno.lock", "tools/bundle/kernel_install.ts"];

/** Options of {@link buildBundle}. */
export interface BundleOptions {
  out: string;
  platform?: Platform;
  /** Folder name inside the archive (default farmland-<date>-<commit>-<platform>). */
  name?: string;
  /** Keep the staging folder (its path is returned). */
  keepStaging?: boolean;
  log?: (m: string) => void;
}

/** What {@link buildBundle} made. */
export interface BundleResult {
  archive: string;
  bytes: number;
  folder: string;
  platform: Platform;
  /** Uncompressed bytes per top-level entry of the folder. */
  parts: Record<string, number>;
  /** The largest npm packages after pruning (uncompressed bytes). */
  largestPackages: [string, number][];
  pruned: { files: number; bytes: number };
  staging?: string;
  seconds: number;
}

const USAGE =
  `用法 Usage: deno task bundle --out FILE.tar.gz [--platform linux-x64|win32-x64] [--name NAME] [--keep-staging]

生成内网离线包：一个压缩包，含 Deno、本工作台、全部 npm 依赖（DuckDB 原生库与 wasm、GEOS、HiGHS 等）、
参考数据与配置；解压后用 ./farmland 运行各子命令，无需联网。
Builds one offline archive: Deno, the workspace, every npm dependency, reference data and configuration.

选项 Options:
  --out FILE        输出文件：.tar.gz（Linux 与 Windows）或 .zip（仅 Windows）/ output archive
  --platform P      linux-x64（默认）或 win32-x64（在此构建，未在 Windows 上测试）/ target platform
  --name NAME       包内文件夹名（默认 farmland-<日期>-<提交>-<平台>）/ folder name in the archive
  --keep-staging    保留临时目录 / keep the staging folder`;

async function run(
  cmd: string,
  args: string[],
  o: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(cmd, {
      args,
      cwd: o.cwd,
      env: o.env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    })
      .output();
  } catch (e) {
    throw new Error(`无法运行 ${cmd}：${(e as Error).message}`);
  }
  const td = new TextDecoder();
  if (!out.success) {
    throw new Error(
      `${cmd} ${args.join(" ")} 失败（退出码 ${out.code}）：\n${td.decode(out.stderr)}${
        td.decode(out.stdout)
      }`,
    );
  }
  return td.decode(out.stdout);
}

async function tryRun(cmd: string, args: string[], cwd?: string): Promise<string | null> {
  try {
    return (await run(cmd, args, { cwd })).trim();
  } catch {
    return null;
  }
}

async function copyTree(src: string, dst: string): Promise<void> {
  await Deno.mkdir(dst, { recursive: true });
  for await (const e of Deno.readDir(src)) {
    if (e.name === "__pycache__" || e.name === ".DS_Store" || e.name.endsWith(".pyc")) continue;
    const s = join(src, e.name), d = join(dst, e.name);
    if (e.isDirectory) await copyTree(s, d);
    else if (e.isFile) await Deno.copyFile(s, d);
  }
}

/** Bytes under `path` (files counted once per path, symlinks as links). */
export async function treeBytes(path: string): Promise<number> {
  const st = await Deno.lstat(path);
  if (!st.isDirectory) return st.size;
  let n = 0;
  for await (const e of Deno.readDir(path)) n += await treeBytes(join(path, e.name));
  return n;
}

/** The software's identity: commit, its date, whether the tracked files differ from it. */
async function gitVersion(): Promise<{ commit: string | null; date: string; dirty: boolean }> {
  const line = await tryRun("git", ["-C", REPO_ROOT, "log", "-1", "--format=%H %cd", "--date=format:%Y%m%d"]);
  if (!line) {
    return { commit: null, date: new Date().toISOString().slice(0, 10).replaceAll("-", ""), dirty: false };
  }
  const [commit, date] = line.split(" ");
  const status = await tryRun("git", [
    "-C",
    REPO_ROOT,
    "status",
    "--porcelain",
    "--",
    ...PROJECT_DIRS,
    ...PROJECT_FILES,
  ]);
  return { commit, date, dirty: !!status };
}

/** `name@version[_peer…]` of a deno.lock npm key → name and version. */
export function parseLockKey(key: string): { name: string; version: string } {
  const at = key.indexOf("@", 1);
  return { name: key.slice(0, at), version: key.slice(at + 1).split("_")[0] };
}

/** Fetches `name@version` from the npm registry with `npm pack` and unpacks it into `dest`. */
async function npmPackInto(spec: string, dest: string, packs: string): Promise<void> {
  await Deno.mkdir(packs, { recursive: true });
  const file = (await run("npm", ["pack", spec, "--pack-destination", packs, "--silent"], { cwd: packs }))
    .trim().split("\n").pop()!;
  await Deno.mkdir(dest, { recursive: true });
  await run("tar", ["-xzf", join(packs, file), "--strip-components=1", "--no-same-owner", "-C", dest]);
}

/** Hard links when the cache is on the same file system (pruning only unlinks), else copies. */
async function linkOrCopy(src: string, dst: string): Promise<void> {
  await Deno.mkdir(dirname(dst), { recursive: true });
  try {
    await run("cp", ["-al", src, dst]);
  } catch {
    await Deno.remove(dst, { recursive: true }).catch(() => {});
    await run("cp", ["-a", src, dst]);
  }
}

/** The Deno binary for the platform into `binDir`; returns its path. */
async function denoBinary(
  platform: Platform,
  version: string,
  binDir: string,
  packs: string,
): Promise<string> {
  await Deno.mkdir(binDir, { recursive: true });
  if (platform === "linux-x64") {
    const dst = join(binDir, "deno");
    if (Deno.build.os === "linux" && Deno.build.arch === "x86_64") await Deno.copyFile(Deno.execPath(), dst);
    else {
      const tmp = join(packs, "deno-linux");
      await npmPackInto(`@deno/linux-x64-glibc@${version}`, tmp, packs);
      await Deno.copyFile(join(tmp, "deno"), dst);
    }
    await Deno.chmod(dst, 0o755);
    const v = await run(dst, ["--version"]);
    if (!v.includes(`deno ${version}`)) throw new Error(`bin/deno 的版本不是 ${version}：${v}`);
    return dst;
  }
  const tmp = join(packs, "deno-win32");
  await npmPackInto(`@deno/win32-x64@${version}`, tmp, packs);
  const dst = join(binDir, "deno.exe");
  await Deno.copyFile(join(tmp, "deno.exe"), dst);
  return dst;
}

/** Linux: node_modules laid out by `deno install`, exactly as the workspace runs. */
async function nodeModules(top: string, log: (m: string) => void): Promise<{ files: number; bytes: number }> {
  await run(Deno.execPath(), ["install", "--frozen", "-q"], { cwd: top, env: { DENO_NO_UPDATE_CHECK: "1" } });
  const setup = join(top, "node_modules", ".deno", ".setup-cache.bin");
  await Deno.stat(setup).catch(() => {
    throw new Error(`deno install 没有写出 ${setup}`);
  });
  log(`  直接依赖的注册表信息：${await registryInfo(top, log)} 个（供笔记本内核离线使用）`);
  const r = await prunePackages(join(top, "node_modules", ".deno"), "node_modules");
  log(`  node_modules：删去 ${r.files} 个文件（${mb(r.bytes)}）`);
  return r;
}

/** Windows: Deno's npm cache for win32-x64 (every lock entry whose os/cpu allow it). */
async function npmCache(
  top: string,
  packs: string,
  log: (m: string) => void,
): Promise<{ files: number; bytes: number }> {
  // Make sure the build machine's cache holds every package (fetches what is missing).
  await run(Deno.execPath(), ["install", "--frozen", "-q"], { cwd: top, env: { DENO_NO_UPDATE_CHECK: "1" } });
  log(`  直接依赖的注册表信息：${await registryInfo(top, log)} 个（供笔记本内核离线使用）`);
  await Deno.remove(join(top, "node_modules"), { recursive: true });
  const info = JSON.parse(await run(Deno.execPath(), ["info", "--json"], { cwd: top }));
  const source = join(info.npmCache as string, "registry.npmjs.org");
  const target = join(top, "deno-dir", "npm", "registry.npmjs.org");
  const lock = JSON.parse(await Deno.readTextFile(join(top, "deno.lock")));
  const done = new Set<string>();
  let packed = 0;
  for (const [key, v] of Object.entries(lock.npm as Record<string, { os?: string[]; cpu?: string[] }>)) {
    const { name, version } = parseLockKey(key);
    if (v.os && !v.os.includes("win32")) continue;
    if (v.cpu && !v.cpu.includes("x64")) continue;
    const id = `${name}@${version}`;
    if (done.has(id)) continue;
    done.add(id);
    const src = join(source, name, version), dst = join(target, name, version);
    if (await Deno.stat(src).then((s) => s.isDirectory, () => false)) await linkOrCopy(src, dst);
    else {
      await npmPackInto(id, dst, packs); // e.g. @duckdb/node-bindings-win32-x64: not on a Linux machine
      packed++;
    }
  }
  log(`  Deno 的 npm 缓存：${done.size} 个包（${packed} 个用 npm pack 取得）`);
  const r = await prunePackages(target, "cache");
  log(`  删去 ${r.files} 个文件（${mb(r.bytes)}）`);
  return r;
}

/** The npm packages deno.json imports directly (`npm:name@version`). */
export function directNpmPackages(denoJson: { imports?: Record<string, string> }): string[] {
  const names = new Set<string>();
  for (const v of Object.values(denoJson.imports ?? {})) {
    const m = v.match(/^npm:(@?[^@]+)@/);
    if (m) names.add(m[1]);
  }
  return [...names].sort();
}

/**
 * Deno's registry information (`<npm cache>/<name>/registry.json`) of the direct dependencies,
 * into the archive's deno-dir. `deno run` never needs it (the lock file and node_modules say
 * everything), but the Jupyter kernel (a REPL) asks the registry about each package a cell imports
 * unless this file is cached: offline that is a failed request per package, and behind an
 * intranet DNS that never answers, a wait. Taken from the build machine's Deno cache; a package
 * missing there is looked up once through a REPL import (network at build time).
 */
async function registryInfo(top: string, log: (m: string) => void): Promise<number> {
  const info = JSON.parse(await run(Deno.execPath(), ["info", "--json"], { cwd: top }));
  const source = join(info.npmCache as string, "registry.npmjs.org");
  const target = join(top, "deno-dir", "npm", "registry.npmjs.org");
  const names = directNpmPackages(JSON.parse(await Deno.readTextFile(join(top, "deno.json"))));
  const has = (n: string) => Deno.stat(join(source, n, "registry.json")).then(() => true, () => false);
  const missing: string[] = [];
  for (const n of names) if (!n.startsWith("@types/") && !(await has(n))) missing.push(n);
  if (missing.length) {
    const code = missing.map((n) => `import ${JSON.stringify(n)};`).join(" ") + " Deno.exit(0);";
    await run(Deno.execPath(), ["repl", "-A", "--eval", code], {
      cwd: top,
      env: { DENO_NO_UPDATE_CHECK: "1" },
    })
      .catch((e) =>
        log(`  警告：无法取得 ${missing.join("、")} 的注册表信息：${(e as Error).message.split("\n")[0]}`)
      );
  }
  let n = 0;
  for (const name of names) {
    if (!(await has(name))) {
      if (!name.startsWith("@types/")) {
        log(`  警告：缺少 ${name} 的注册表信息（笔记本内核导入它时会尝试联网一次）`);
      }
      continue;
    }
    await Deno.mkdir(join(target, name), { recursive: true });
    await Deno.copyFile(join(source, name, "registry.json"), join(target, name, "registry.json"));
    n++;
  }
  return n;
}

function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

/** Renders the office README template: `{{KEY}}` values and `{{#platform}}…{{/platform}}` blocks. */
export function renderReadme(template: string, values: Record<string, string>, platform: Platform): string {
  let s = template.replace(
    /\{\{#([\w-]+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g,
    (_, p, body) => (p === platform ? body : ""),
  );
  s = s.replace(/\{\{(\w+)\}\}/g, (m, k) => values[k] ?? m);
  const left = s.match(/\{\{[^}]*\}\}/);
  if (left) throw new Error(`README 模板中有未替换的占位符 ${left[0]}`);
  return s;
}

async function writeTarGz(stage: string, folder: string, out: string): Promise<void> {
  await run("tar", [
    "--sort=name",
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    "-czf",
    out,
    "-C",
    stage,
    folder,
  ]);
}

async function zipEntries(dir: string, prefix: string, out: [string, string][]): Promise<void> {
  const entries = [...Deno.readDirSync(dir)].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name), name = `${prefix}${e.name}`;
    if (e.isSymlink) throw new Error(`zip 不能保存符号链接：${p}（Linux 包请用 .tar.gz）`);
    if (e.isDirectory) await zipEntries(p, `${name}/`, out);
    else out.push([p, name]);
  }
}

async function writeZip(stage: string, folder: string, out: string): Promise<void> {
  const files: [string, string][] = [];
  await zipEntries(join(stage, folder), `${folder}/`, files);
  const fh = await Deno.open(out, { write: true, create: true, truncate: true });
  try {
    let error: Error | null = null;
    const zip = new Zip((err, chunk) => {
      if (err) error = err;
      else {
        let off = 0;
        while (off < chunk.length) off += fh.writeSync(chunk.subarray(off));
      }
    });
    for (const [path, name] of files) {
      // Already-compressed files are stored, the rest deflated.
      const entry = /\.(gz|zip|png|jpg|wasm\.gz)$/i.test(name)
        ? new ZipPassThrough(name)
        : new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      const f = await Deno.open(path);
      const buf = new Uint8Array(1 << 20);
      let n: number | null;
      let pending: Uint8Array | null = null;
      while ((n = await f.read(buf)) !== null) {
        if (pending) entry.push(pending);
        pending = buf.slice(0, n);
      }
      f.close();
      entry.push(pending ?? new Uint8Array(0), true);
      if (error) throw error;
    }
    zip.end();
    if (error) throw error;
  } finally {
    fh.close();
  }
}

/** Builds the archive. */
export async function buildBundle(o: BundleOptions): Promise<BundleResult> {
  const t0 = performance.now();
  const log = o.log ?? ((m: string) => console.error(m));
  const platform = o.platform ?? "linux-x64";
  if (!PLATFORMS.includes(platform)) {
    throw new Error(`--platform 只能是 ${PLATFORMS.join("、")}，收到“${platform}”`);
  }
  const out = resolve(o.out);
  const zip = /\.zip$/i.test(out);
  if (!zip && !/\.(tar\.gz|tgz)$/i.test(out)) {
    throw new Error(`--out 需以 .tar.gz、.tgz 或 .zip 结尾，收到“${o.out}”`);
  }
  if (zip && platform !== "win32-x64") throw new Error("Linux 包含符号链接（node_modules），请用 .tar.gz");
  const denoVersion = Deno.version.deno;
  const git = await gitVersion();
  const folder = o.name ??
    `farmland-${git.date}-${git.commit ? git.commit.slice(0, 7) : "nogit"}${
      git.dirty ? "-modified" : ""
    }-${platform}`;
  if (!/^[A-Za-z0-9._+-]+$/.test(folder)) {
    throw new Error(`文件夹名只能含字母、数字和 . _ + -，收到“${folder}”`);
  }
  const stage = await Deno.makeTempDir({ prefix: "farmland-bundle-" });
  const top = join(stage, folder);
  const packs = join(stage, ".packs");
  let keep = !!o.keepStaging;
  try {
    log(`离线包 ${folder}（Deno ${denoVersion}）`);
    log("· 项目文件");
    for (const d of PROJECT_DIRS) await copyTree(join(REPO_ROOT, d), join(top, d));
    for (const f of PROJECT_FILES) {
      await Deno.mkdir(dirname(join(top, f)), { recursive: true });
      await Deno.copyFile(join(REPO_ROOT, f), join(top, f));
    }
    await Deno.copyFile(join(REPO_ROOT, "README.md"), join(top, "README.project.md"));

    log(
      platform === "linux-x64"
        ? "· npm 依赖（node_modules，deno install）"
        : "· npm 依赖（Deno 的 npm 缓存，win32-x64）",
    );
    const pruned = platform === "linux-x64" ? await nodeModules(top, log) : await npmCache(top, packs, log);

    log("· Deno 可执行文件");
    await denoBinary(platform, denoVersion, join(top, "bin"), packs);

    log("· 启动脚本、说明、版本");
    const office = join(REPO_ROOT, "tools", "bundle", "office");
    if (platform === "linux-x64") {
      await Deno.copyFile(join(office, "farmland"), join(top, "farmland"));
      await Deno.chmod(join(top, "farmland"), 0o755);
    } else {
      const cmd = (await Deno.readTextFile(join(office, "farmland.cmd"))).replace(/\r?\n/g, "\r\n");
      await Deno.writeTextFile(join(top, "farmland.cmd"), cmd);
    }
    const pkgVersion = (name: string) =>
      Object.keys(JSON.parse(Deno.readTextFileSync(join(top, "deno.lock"))).npm).map(parseLockKey)
        .find((p) => p.name === name)?.version ?? "";
    const version = {
      version: folder.replace(/^farmland-/, ""),
      platform,
      commit: git.commit,
      modified: git.dirty,
      built: new Date().toISOString(),
      deno: denoVersion,
      packages: Object.fromEntries(
        ["@duckdb/duckdb-wasm", "@duckdb/node-api", "geos-wasm", "highs", "apache-arrow"].map((
          n,
        ) => [n, pkgVersion(n)]),
      ),
      pruned: packageRules(),
    };
    await Deno.writeTextFile(join(top, "VERSION.json"), JSON.stringify(version, null, 2) + "\n");
    const archiveName = basename(out);
    const template = await Deno.readTextFile(join(office, "README.md"));
    await Deno.writeTextFile(
      join(top, "README.md"),
      renderReadme(template, {
        FOLDER: folder,
        ARCHIVE: archiveName,
        VERSION: version.version,
        DENO: denoVersion,
        DUCKDB: version.packages["@duckdb/node-api"],
      }, platform),
    );

    const parts: Record<string, number> = {};
    for await (const e of Deno.readDir(top)) parts[e.name] = await treeBytes(join(top, e.name));
    const pkgRoot = platform === "linux-x64"
      ? join(top, "node_modules", ".deno")
      : join(top, "deno-dir", "npm", "registry.npmjs.org");
    const sizes: [string, number][] = [];
    for (const p of listPackages(pkgRoot, platform === "linux-x64" ? "node_modules" : "cache")) {
      sizes.push([relative(pkgRoot, p.dir), await treeBytes(p.dir)]);
    }
    sizes.sort((a, b) => b[1] - a[1]);

    log(`· 压缩 ${zip ? "zip" : "tar.gz"}`);
    await Deno.mkdir(dirname(out), { recursive: true });
    const partial = `${out}.partial-${Deno.pid}`;
    try {
      if (zip) await writeZip(stage, folder, partial);
      else await writeTarGz(stage, folder, partial);
      await Deno.rename(partial, out);
    } catch (e) {
      await Deno.remove(partial).catch(() => {});
      throw e;
    }
    const bytes = (await Deno.stat(out)).size;
    const seconds = (performance.now() - t0) / 1000;
    log(`已写出 ${out}：${bytes} 字节（${mb(bytes)}），用时 ${seconds.toFixed(1)} 秒`);
    log("解压后各部分（未压缩）：");
    for (const [k, v] of Object.entries(parts).sort((a, b) => b[1] - a[1])) {
      log(`  ${k.padEnd(20)} ${mb(v).padStart(10)}`);
    }
    log("最大的 npm 包（未压缩）：");
    for (const [k, v] of sizes.slice(0, 8)) log(`  ${k.padEnd(60)} ${mb(v).padStart(10)}`);
    return {
      archive: out,
      bytes,
      folder,
      platform,
      parts,
      largestPackages: sizes.slice(0, 8),
      pruned,
      staging: keep ? stage : undefined,
      seconds,
    };
  } catch (e) {
    if (o.keepStaging) keep = true;
    throw e;
  } finally {
    if (!keep) await Deno.remove(stage, { recursive: true }).catch(() => {});
    else log(`临时目录保留在 ${stage}`);
  }
}

function parseArgs(argv: string[]): BundleOptions & { help?: boolean } {
  const o: BundleOptions & { help?: boolean } = { out: "" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") o.help = true;
    else if (a === "--keep-staging") o.keepStaging = true;
    else {
      const m = a.match(/^--(out|platform|name)(?:=(.*))?$/);
      if (!m) throw new Error(`未知参数 unknown argument: ${a}`);
      const v = m[2] ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`--${m[1]} 缺少取值 (missing value)`);
      if (m[1] === "out") o.out = v;
      else if (m[1] === "name") o.name = v;
      else o.platform = v as Platform;
    }
  }
  return o;
}

if (import.meta.main) {
  let o: ReturnType<typeof parseArgs>;
  try {
    o = parseArgs(Deno.args);
  } catch (e) {
    console.error(`错误：${(e as Error).message}\n\n${USAGE}`);
    Deno.exit(2);
  }
  if (o.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (!o.out) {
    console.error(`错误：缺少 --out (missing --out)\n\n${USAGE}`);
    Deno.exit(2);
  }
  try {
    const r = await buildBundle(o);
    console.log(`${r.archive}\t${r.bytes}`);
  } catch (e) {
    console.error(`错误：${(e as Error).message}`);
    if (Deno.env.get("FARMLAND_DEBUG")) console.error((e as Error).stack);
    Deno.exit(1);
  }
}
