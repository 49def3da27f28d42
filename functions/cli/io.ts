/** Where the CLI writes: injected so tests read its output without spawning a process. */
export type Io = {
  /** `columns`: the terminal's width when stdout is one (Node sets it on a TTY), for the human timeline. */
  readonly stdout: { write(text: string): unknown; readonly columns?: number | undefined };
  readonly stderr: { write(text: string): unknown };
};
