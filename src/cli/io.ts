/** Everything the CLI touches outside itself, injected so commands are testable in-process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  isTTY: boolean;
  color: boolean;
  /** An abort signal raised on Ctrl-C. */
  signal: AbortSignal;
}

/** The exit code a command asks for; main() turns it into process.exit. */
export interface CliContext {
  io: CliIO;
  exitCode: number;
}
