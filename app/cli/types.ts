export interface CliCommandGroup {
  /** Runs the group's command with the arguments after the group name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** An error the user caused (bad input, unknown option): printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
