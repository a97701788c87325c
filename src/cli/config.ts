/** The config file of the run's working folder, read once per run; its problems print as diagnostics. */
import type { ConfigFileName, FaultlineConfig } from "../index.js";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";
import type { CliContext } from "./io.js";
import { cliDiagnostic } from "./flags.js";
import { lib } from "./lib.js";

/** The config file's name for messages; typed by the library's own, so the two cannot drift apart. */
export const CONFIG_FILE: ConfigFileName = "faultline.config.yaml";

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
  const out = r.leaving?.[0];
  if (out) throw new ExitError(EXIT_BAD_INPUT, `${r.file}: manifest path ${JSON.stringify(out.path)} leaves the repository (${out.why}); nothing was read\n  hint: name folders inside ${ctx.cwd}, or pass the path with -m on the command line`);
  cache.set(ctx, r.config);
  return r.config;
}
