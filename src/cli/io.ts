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
  /** The clock. @default Date.now */
  now?(): number;
  /** Randomness (retry jitter). @default Math.random */
  random?(): number;
  /** Waits (retry backoff, batch polls); must reject when the signal aborts. @default a real timer */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

/** The exit code a command asks for; main() turns it into process.exit. */
export interface CliContext {
  io: CliIO;
  exitCode: number;
}
