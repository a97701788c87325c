#!/usr/bin/env node
/** The `faultline` executable. */
import { main } from "./main.js";
import { guardStream } from "./command-guard.js";

// No text from a manifest may form a GitHub workflow command on either stream.
guardStream(process.stdout);
guardStream(process.stderr);

// A reader that stops early (`faultline ... | head`) closes the pipe: end quietly, as other
// command-line tools do, instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw err;
  });
}

process.exitCode = await main(process.argv);
