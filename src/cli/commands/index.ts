/** The command registry: one factory per command, in the order `--help` lists them. */
import type { Command } from "commander";
import type { CliContext } from "../io.js";
import { blastCommand } from "./blast.js";
import { graphCommand } from "./graph.js";
import { validateCommand } from "./validate.js";
import { checkCommand, prepareCheck } from "./check.js";
import { exposureCommand } from "./exposure.js";
import { spofCommand } from "./spof.js";
import { riskCommand } from "./risk.js";
import { scenariosCommand } from "./scenarios.js";

export const COMMANDS: ReadonlyArray<(ctx: CliContext) => Command> = [blastCommand, graphCommand, validateCommand, checkCommand, exposureCommand, spofCommand, riskCommand, scenariosCommand];

/** Work a command needs before commander parses its arguments (e.g. to build its help), by name. */
export const PREPARE: ReadonlyMap<string, () => Promise<void>> = new Map([["check", prepareCheck]]);
