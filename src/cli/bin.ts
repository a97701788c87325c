#!/usr/bin/env node
/** The `faultline` executable. */
import { main } from "./main.js";

// A reader that stops early (`faultline ... | head`) closes the pipe: end quietly, as other
// command-line tools do, instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
