/** A subcommand of the CLI: its name, help text in Chinese and English, and what it does (its one-line summary is in main.ts, which lists the subcommands without loading them). */
export interface Command {
  name: string;
  /** Full help in Chinese and English: usage, options, an example. */
  help: string;
  /** Runs; resolves to the exit code when it is not 0 (e.g. `report`: 3 = unchanged). */
  run(argv: string[]): Promise<void | number>;
}

/** An error whose message is the whole story: printed as one line, no stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
