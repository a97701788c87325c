/** How commands end: throw ExitError(code); only main.ts turns it into the process exit code. */
export class ExitError extends Error {
  constructor(
    readonly code: number,
    message = "",
  ) {
    super(message);
    this.name = "ExitError";
  }
}

export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_BAD_INPUT = 2;
