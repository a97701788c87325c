#!/usr/bin/env node
/** The `faultline` executable. */
import { main } from "./main.js";

process.exitCode = await main(process.argv);
