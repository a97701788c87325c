/** The command registry: one factory per command, in the order `--help` lists them. */
import type { Command } from "commander";
import { blastCommand } from "./blast.js";
import { graphCommand } from "./graph.js";
import { validateCommand } from "./validate.js";
import { checkCommand } from "./check.js";

export const COMMANDS: ReadonlyArray<() => Command> = [blastCommand, graphCommand, validateCommand, checkCommand];
