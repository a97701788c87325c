/** The faultline CLI: parses arguments, runs one command, turns errors into exit codes. */
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { COMMANDS, PREPARE } from "./commands/index.js";
import { ExitError, EXIT_BAD_INPUT } from "./exit.js";
import { contextOf, processIo, type CliIo } from "./io.js";
import { guardStream } from "./command-guard.js";
import { prepareFormats } from "./output-options.js";
import { inCliWords } from "./flags.js";
import { loadLib } from "./lib.js";

const require = createRequire(import.meta.url);
const { version } = require("../../package.json") as { version: string };

/**
 * Runs `faultline <args...>` (the arguments after the program name) with the given streams,
 * folder and environment, and returns the exit code. Never throws, never exits the process.
 */
export async function main(args: readonly string[], rawIo: CliIo = processIo()): Promise<number> {
  // No text from a manifest may form a GitHub workflow command on either stream. Manifests are
  // read only by a command, named by a word that is not an option: without one (`--help`,
  // `--version`), the library is not loaded (start-up stays quick) and nothing written can
  // hold manifest text.
  const Guard = args.some((a) => !a.startsWith("-")) ? (await loadLib()).CommandGuard : undefined;
  const stdout = guardStream(rawIo.stdout, Guard);
  const stderr = guardStream(rawIo.stderr, Guard);
  try {
    return await run(args, { ...rawIo, stdout, stderr });
  } finally {
    stdout.flush();
    stderr.flush();
  }
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const ctx = contextOf(io);
  const output = { writeOut: (s: string) => void io.stdout.write(s), writeErr: (s: string) => void io.stderr.write(s) };
  const program = new Command("faultline")
    .description("Map service dependencies and answer: if this fails, what goes down with it?")
    .version(version)
    .showSuggestionAfterError()
    .configureOutput(output)
    .exitOverride();
  for (const make of COMMANDS) program.addCommand(make(ctx).configureOutput(output).exitOverride());
  program.hook("preSubcommand", async (_program, sub) => {
    await loadLib();
    await prepareFormats(sub);
    await PREPARE.get(sub.name())?.();
  });
  try {
    await program.parseAsync([...args], { from: "user" });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof ExitError) {
      if (err.message) io.stderr.write(`faultline: ${err.message}\n`);
      return err.code;
    }
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
      return EXIT_BAD_INPUT;
    }
    const { FaultlineError } = await import("../index.js");
    const { UnknownFormatError } = await import("../index.js");
    if (err instanceof FaultlineError || err instanceof UnknownFormatError) {
      io.stderr.write(`faultline: ${inCliWords(err.message)}\n`);
      return EXIT_BAD_INPUT;
    }
    if (err && typeof err === "object" && "code" in err && typeof (err as NodeJS.ErrnoException).code === "string" && (err as NodeJS.ErrnoException).syscall) {
      const e = err as NodeJS.ErrnoException;
      io.stderr.write(`faultline: cannot ${e.syscall} ${e.path ?? ""}: ${e.code}\n`);
      return EXIT_BAD_INPUT;
    }
    if (err instanceof RangeError && /Invalid string length|Array buffer allocation failed|Invalid typed array length/.test(err.message)) {
      // A last resort: a limit should have refused this input earlier, with a clearer message.
      io.stderr.write(`faultline: the result is too large to produce (${err.message}); the estate likely holds dependency chains thousands of steps long\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr.write(`faultline: internal error: ${err instanceof Error ? err.message : String(err)}\n  please report it with the command you ran${io.env.FAULTLINE_DEBUG ? `\n${(err as Error).stack}` : " (set FAULTLINE_DEBUG=1 for details)"}\n`);
    return 3;
  }
}
