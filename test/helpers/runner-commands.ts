/**
 * Reads output the way the GitHub Actions runner does: lines end at CR, LF or CRLF; a line is a
 * command when, after .NET's TrimStart, it starts with `::`, or when it holds the legacy
 * `##[name]` form anywhere; `::stop-commands::<token>` turns commands off until `::<token>::`.
 * Returns the lines the runner would act on (the stop/resume markers included).
 */
import { isRunnerCommand, RUNNER_WHITESPACE } from "../../src/report/escape/workflow.js";

export function runnerCommands(output: string): string[] {
  const acted: string[] = [];
  let stopToken: string | undefined;
  for (const line of output.split(/\r\n|\r|\n/)) {
    if (!isRunnerCommand(line)) continue;
    const t = line.replace(RUNNER_WHITESPACE, "");
    if (stopToken !== undefined) {
      if (t === `::${stopToken}::`) {
        acted.push(t);
        stopToken = undefined;
      }
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(t);
    if (stop) stopToken = stop[1];
    acted.push(t);
  }
  return acted;
}
