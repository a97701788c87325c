/** Policy vocabulary: rules as data, their settings, and the violations they find. */
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { Estate } from "../model/types.js";

export type RuleSeverity = "error" | "warning" | "off";
export type ViolationSeverity = "error" | "warning";

/** One option a rule accepts, for validation and documentation. */
export interface RuleOptionSpec {
  name: string;
  type: "number" | "tiers";
  description: string;
  /** For numbers: smallest accepted value. */
  min?: number;
  /** For numbers: largest accepted value. */
  max?: number;
}

/** Option values after validation (a Map so option names never touch prototypes). */
export type RuleOptions = ReadonlyMap<string, unknown>;

/** What a rule sees: one estate (head or base) and its options. */
export interface RuleContext {
  estate: Estate;
  options: RuleOptions;
  /** False when only fingerprints are needed (the base): rules may skip computing paths. */
  paths?: boolean;
  /** When evaluating head: the base estate, for rules that compare figures (availability-target). */
  base?: Estate;
  /** Availability defaults by location and service type (the config's `availability.defaults`). */
  availabilityDefaults?: { locationTypes?: ReadonlyMap<string, number>; serviceTypes?: ReadonlyMap<string, number> };
  /**
   * When given, the rule reports only findings whose subject (the first of `nodes`) it
   * accepts: `check --base` passes the subjects the change can have affected.
   */
  inScope?: (id: string) => boolean;
  /**
   * With `inScope`: a rule whose findings are about a cause (the single-point rule: the node
   * whose failure alone takes the subject down) may also leave out findings whose cause it
   * does not accept — `check --base` passes the nodes whose single failure can reach a node the
   * change touched (src/policy/scope.ts); the others' findings are the same on both sides.
   */
  causeInScope?: (id: string) => boolean;
}

/** What a rule reports; the engine adds severity, location, fingerprint and status. */
export interface Finding {
  /** The subject first (the service that is at risk or that depends), then the other nodes. */
  nodes: string[];
  message: string;
  /** A chain of ids that shows the risk, each step a relation of the graph (dependent → dependency). */
  path: string[];
  /** Where it is written; when absent the engine takes the first changed step of `path`. */
  at?: SourcePos;
  /** Implied by another finding of the same run: compared with the base, never shown. */
  implied?: boolean;
}

/** A rule: identity, defaults, documentation and the check itself. */
export interface Rule {
  id: string;
  defaultSeverity: RuleSeverity;
  shortDescription: string;
  fullDescription: string;
  help: string;
  options: readonly RuleOptionSpec[];
  /** Default option values. */
  defaults: ReadonlyMap<string, unknown>;
  /**
   * What a finding about a subject depends on (src/policy/scope.ts): the subject's
   * dependency cone (`dependencies`, the default) or what depends on it (`dependents`).
   * `check --base` evaluates only the subjects the change can have affected.
   */
  scope?: "dependencies" | "dependents";
  /** Checks that the options make sense together; returns a message when not. */
  validate?(options: RuleOptions, severity: RuleSeverity): string | undefined;
  /** True when the rule reads observed-only edges; every other rule sees the estate as declared. */
  usesObserved?: boolean;
  check(ctx: RuleContext): Finding[];
}

/** One allow-list entry: globs (`*` matches any run of characters) on the subject and the other nodes. */
export interface AllowEntry {
  from?: string;
  to?: string;
  at: SourcePos;
}

/** A rule's effective settings. */
export interface RuleSetting {
  severity: RuleSeverity;
  options: RuleOptions;
  allow: AllowEntry[];
}

/** The effective policy: every registered rule with its settings. */
export interface Policy {
  /** Where it came from: a file, `faultline.config.yaml#policy`, or `defaults`. */
  source: string;
  rules: Map<string, RuleSetting>;
}

/** A violation as reported. */
export interface Violation {
  rule: string;
  severity: ViolationSeverity;
  message: string;
  nodes: string[];
  path: string[];
  location?: SourcePos;
  /** Stable identity: rule + nodes, never line numbers. */
  fingerprint: string;
  /** `new`: introduced by the change; `known`: on the base or in the baseline. */
  status: "new" | "known";
  knownFrom?: "base" | "baseline";
}
