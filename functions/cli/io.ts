/** Where the CLI writes: injected so tests read its output without spawning a process. */
export type Io = {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
};
