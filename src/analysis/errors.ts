/** Errors that analyses raise for bad queries; the CLI turns them into exit code 2. */
import { nearest } from "../diagnostics/suggest.js";

/** Base class of faultline's own errors: a message meant for the user, no stack trace needed. */
export class FaultlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line usage or query (exit 2). */
export class UsageError extends FaultlineError {}

/** Ids in a query that are not in the estate. */
export class UnknownIdError extends UsageError {
  readonly unknown: string[];
  readonly suggestions: Map<string, string | undefined>;
  constructor(unknown: string[], known: readonly string[]) {
    const suggestions = new Map<string, string | undefined>();
    for (const u of unknown) suggestions.set(u, nearest(u.replace(/^(service|location):/, ""), known));
    const parts = unknown.map((u) => {
      const s = suggestions.get(u);
      return s ? `${JSON.stringify(u)} (did you mean ${JSON.stringify(s)}?)` : JSON.stringify(u);
    });
    super(`unknown id${unknown.length > 1 ? "s" : ""}: ${parts.join(", ")}`);
    this.unknown = unknown;
    this.suggestions = suggestions;
  }
}

/**
 * A result too large to build within its limit (a hostile or pathological estate: outputs
 * that carry a path per item grow with the square of a dependency chain's length).
 */
export class ResultTooLargeError extends FaultlineError {}
