/**
 * `notebook serve`: Debian's Jupyter notebook server on the workspace's notebooks, with Deno's
 * kernel installed in the project-local Jupyter path (`.jupyter/`); stops with Ctrl-C.
 */
import type { Command } from "./command.ts";
import { parseArgs } from "./args.ts";
import { startNotebookServer } from "../notebook/server.ts";
import { publishNotebook } from "../notebook/publish.ts";
import { parseParamPairs } from "../notebook/parameters.ts";

export const notebookCommand: Command = {
  name: "notebook",
  help: `用法 Usage: deno task notebook            （= deno task cli notebook serve）
       deno task cli notebook serve [--port N]
       deno task cli notebook run NAME [--param 名称=值]... --out DIR

serve  安装本工作台的 Deno Jupyter 内核到项目内的 .jupyter/（不写入用户目录），启动 Debian 的 jupyter-notebook，
       打开 notebooks/。终端中打印带令牌的地址，用浏览器打开即可；Ctrl-C 停止。
run    无界面执行笔记本（Jupyter 执行器 nbclient + Deno 内核）：参数注入在标记为 parameters 的代码格之后
       （papermill 约定），执行后的副本 NAME.ipynb 和 HTML 导出 NAME.html 写入 DIR；任一代码格出错则不写入，
       打印出错的代码格并以非零状态退出。适合定时任务。
Installs the workspace's Deno kernel into .jupyter/ and starts Debian's notebook server on notebooks/;
or executes a notebook with parameters and writes the executed copy and its HTML export.

选项 Options:
  --port N          端口（默认 8888）/ port (default 8888)
  --param 名称=值   覆盖参数格中的同名参数，可重复 / override a parameter (repeatable)
  --out DIR         输出文件夹 / output folder
  --timeout S       每个代码格的时限，秒（默认 600）/ per-cell timeout, seconds

示例 Example:
  deno task cli notebook run 03_screening --param year=2023 --param county=900102 --out reports/nb`,
  async run(argv) {
    const args = parseArgs(argv, { string: ["port", "out", "timeout"], multiple: ["param"] });
    const [sub, name, ...extra] = args._;
    if (sub === "run") {
      if (!name) throw new Error("notebook run 需要笔记本名称，例如 03_screening");
      if (extra.length) throw new Error(`多余的参数 unexpected arguments: ${extra.join(" ")}`);
      if (typeof args.out !== "string" || !args.out) throw new Error("缺少选项 --out (missing --out)");
      const timeout = args.timeout === undefined ? 600 : Number(args.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new Error(`--timeout 需为正数（秒），收到“${args.timeout}”`);
      const params = parseParamPairs((args.param as string[] | undefined) ?? []);
      let r;
      try {
        r = await publishNotebook(name, { params, outDir: args.out, timeoutSec: timeout });
      } catch (e) {
        // The whole message: the failing cell's source and traceback follow the first line.
        console.error(`错误：${(e as Error).message}`);
        return 1;
      }
      console.log(`已执行 ${name}（${r.seconds.toFixed(1)} 秒）：${r.files.join("、")}`);
      return;
    }
    if (sub !== "serve") throw new Error(`notebook 的子命令为 serve 或 run，收到“${sub ?? ""}”（用法见 --help）`);
    const port = args.port === undefined ? 8888 : Number(args.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port 需为 1–65535 的整数，收到“${args.port}”`);
    const s = await startNotebookServer({ port, stdio: "inherit" });
    console.log(`笔记本服务器：${s.url}tree?token=${s.token}`);
    console.log("在浏览器中打开上面的地址；Ctrl-C 停止。");
    Deno.addSignalListener("SIGINT", () => s.stop().then(() => Deno.exit(0)));
    await s.process.status;
  },
};
