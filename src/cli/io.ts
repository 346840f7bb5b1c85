/**
 * The streams a command writes to, with their TTY flags: the one shape the
 * context and the prompter share (its own module, so neither imports the other's).
 */
export interface Out {
  write(chunk: string): unknown;
}

export interface Io {
  stdout: Out;
  stderr: Out;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}
