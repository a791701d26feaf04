/**
 * `notebook serve`: Debian's Jupyter notebook server on the workspace's notebooks, with Deno's
 * kernel installed in the project-local Jupyter path (`.jupyter/`); stops with Ctrl-C.
 */
import type { Command } from "./command.ts";
import { parseArgs } from "./args.ts";
import { startNotebookServer } from "../notebook/server.ts";

export const notebookCommand: Command = {
  name: "notebook",
  summary: "笔记本服务器（Deno 内核）/ notebook server with the Deno kernel",
  help: `用法 Usage: deno task notebook            （= deno task cli notebook serve）
       deno task cli notebook serve [--port N]

安装本工作台的 Deno Jupyter 内核到项目内的 .jupyter/（不写入用户目录），启动 Debian 的 jupyter-notebook，
打开 notebooks/。终端中打印带令牌的地址，用浏览器打开即可；Ctrl-C 停止。
Installs the workspace's Deno kernel into .jupyter/ and starts Debian's notebook server on notebooks/.

选项 Options:
  --port N   端口（默认 8888）/ port (default 8888)`,
  async run(argv) {
    const args = parseArgs(argv, { string: ["port"] });
    const [sub] = args._;
    if (sub !== "serve") throw new Error(`notebook 的子命令只有 serve，收到“${sub ?? ""}”（用法见 --help）`);
    const port = args.port === undefined ? 8888 : Number(args.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port 需为 1–65535 的整数，收到“${args.port}”`);
    const s = await startNotebookServer({ port, stdio: "inherit" });
    console.log(`笔记本服务器：${s.url}tree?token=${s.token}`);
    console.log("在浏览器中打开上面的地址；Ctrl-C 停止。");
    Deno.addSignalListener("SIGINT", () => s.stop().then(() => Deno.exit(0)));
    await s.process.status;
  },
};
