/** The config file of the run's working folder, read once per run; its problems print as diagnostics. */
import type { FaultlineConfig } from "../index.js";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";
import type { CliContext } from "./io.js";
import { cliDiagnostic } from "./flags.js";
import { lib } from "./lib.js";
import { leavesRepository } from "../load/config-paths.js";

export const CONFIG_FILE = "faultline.config.yaml";

const cache = new WeakMap<CliContext, FaultlineConfig | undefined>();

/** The config of the run's folder, or undefined when there is none; exit 2 when it is invalid. */
export function readConfig(ctx: CliContext): FaultlineConfig | undefined {
  if (cache.has(ctx)) return cache.get(ctx);
  const { loadConfig, formatDiagnostics, styleFor } = lib();
  const r = loadConfig(ctx.cwd);
  if (r.diagnostics.length > 0) {
    const lines = r.text.split(/\r?\n/);
    ctx.stderr.write(formatDiagnostics(r.diagnostics.map(cliDiagnostic), styleFor(ctx.stderr, ctx.env), (_f, line) => lines[line - 1]));
  }
  if (!r.ok) throw new ExitError(EXIT_BAD_INPUT);
  for (const p of r.config?.manifests ?? []) {
    const why = leavesRepository(ctx.cwd, p);
    if (why) throw new ExitError(EXIT_BAD_INPUT, `${CONFIG_FILE}: manifest path ${JSON.stringify(p)} leaves the repository (${why}); nothing was read\n  hint: name folders inside ${ctx.cwd}, or pass the path with -m on the command line`);
  }
  cache.set(ctx, r.config);
  return r.config;
}
