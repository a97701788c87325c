#!/usr/bin/env node
/** The `faultline` executable. */
import { fstatSync, writeSync } from "node:fs";
import { main } from "./main.js";

const EXIT_BAD_INPUT = 2;

/** One line on stderr (if it is still there), then exit 2: never a stack trace, never exit 1 (new violations). */
function outputFailed(what: string, code: string): never {
  try {
    writeSync(2, `faultline: cannot write to ${what}: ${code}\n`);
  } catch {
    /* stderr is gone too */
  }
  process.exit(EXIT_BAD_INPUT);
}

// A closed standard output (`faultline ... >&-`) would lose the report silently, or the first
// file opened would take its descriptor: refuse before anything is read.
for (const [fd, what] of [[1, "standard output"], [2, "standard error"]] as const) {
  try {
    fstatSync(fd);
  } catch (err) {
    outputFailed(what, (err as NodeJS.ErrnoException).code ?? String(err));
  }
}

// A reader that stops early (`faultline ... | head`) closes the pipe: end quietly, as other
// command-line tools do, with the exit code decided so far. Any other write error (a full disk,
// ENOSPC; a descriptor gone bad) ends with one line and exit 2.
for (const [stream, what] of [[process.stdout, "standard output"], [process.stderr, "standard error"]] as const) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    outputFailed(what, err.code ?? String(err));
  });
}

// On Linux, Node writes to a pipe without blocking and queues in memory what the reader has not
// taken yet: a report written in pieces (exposure's, 80 MB at 50,000 services) would be held whole
// after all. Blocking writes, as other command-line tools make, keep only the piece in hand.
for (const stream of [process.stdout, process.stderr]) {
  const handle = (stream as unknown as { _handle?: { constructor: { name: string }; setBlocking?: (on: boolean) => number } })._handle;
  if (handle?.constructor.name === "Pipe") handle.setBlocking?.(true);
}

process.exitCode = await main(process.argv.slice(2));
