/**
 * faultline as a library: the deliberate public surface. Load an estate, analyse it, gate a
 * change, draw it, report any result in any format. Everything not exported here is internal;
 * raw engine access (compiled arrays, propagation) is the documented subpath `faultline/engine`.
 * docs/api.md documents each name; test/api/surface.test.ts snapshots the list.
 */

// Loading: manifests, the config file, diagnostics.
export { loadEstate, loadSources, type LoadOptions, type LoadResult, type ManifestSource } from "./load/load.js";
export { loadConfig, type ConfigLoad, type ConfigFileName, type FaultlineConfig } from "./load/config.js";
export { DEFAULT_LIMITS, type LoadLimits } from "./yaml/limits.js";
export type { Diagnostic, Severity, SourcePos } from "./diagnostics/diagnostics.js";

// The model: types and vocabularies.
export { TIERS, HOSTINGS, type Tier, type Hosting, type Origin, type Entity, type ServiceEntity, type LocationEntity, type DependencyEntry, type RefEntry } from "./model/entities.js";
export { RELATIONS, type Estate, type EstateGraph, type NodeDescriptor, type NodeKind, type Relation, type ServiceHosting, type NodeAttributes, type ServiceAttributes, type LocationAttributes, type EdgeAttributes, type GroupInfo } from "./model/types.js";

// Analyses.
export { blastRadius, rootsWithHosting, type BlastOptions, type BlastResult, type Impact, type ImpactState } from "./analysis/blast-radius.js";
export { exposure, type ExposureResult, type ServiceExposure, type ExposureStep, type Crossing, type ExposureOptions, type ExposureTable } from "./analysis/exposure.js";
export { spofRanking, spofFor, type SpofRanking, type SpofRow, type SpofOptions, type SpofForResult, type SpofForOptions, type SpofDetail } from "./analysis/spof.js";
export { riskGroups, type RiskResult, type RiskOptions, type RiskNode } from "./analysis/risk.js";
export { scenarios, type ScenariosResult, type ScenarioRow, type ScenarioScope } from "./analysis/scenarios.js";
export { diffEstates, type EstateDiff, type NodeChange, type DependencyChange, type StrengthChange, type RedundancyChange, type TierChange } from "./analysis/diff.js";
export { FaultlineError, UsageError, UnknownIdError, ResultTooLargeError } from "./analysis/errors.js";
export { availability, type AvailabilityOptions, type AvailabilityResult, type ServiceAvailability, type Contributor, type AssumptionEntry } from "./analysis/availability/availability.js";
export type { AvailabilityDefaults, Assumptions } from "./analysis/availability/figures.js";
export { faultTree, type FaultTree } from "./analysis/availability/fault-tree.js";

// Observed calls (traces, meshes) and drift against the manifests.
export { readObservedFiles, type ObservedReadResult } from "./observed/read-observed.js";
export { resolveObserved, withObserved, type ResolvedObserved, type WithObservedOptions } from "./observed/resolve.js";
export type { ObservedCall, ObservedData, ObservedEndpoint, ObservedFormat } from "./observed/types.js";
export { drift, type DriftResult, type UndeclaredDependency, type UnobservedDependency } from "./analysis/drift.js";

// The gate.
export { runCheck, type CheckInput, type CheckResult, type BlastDiffEntry, type BlastSize, type RuleSummary } from "./policy/check.js";
export { checkChange, type CheckChangeOptions, type CheckChangeOutcome, type CheckNotice } from "./policy/check-change.js";
export { RULES } from "./policy/registry.js";
export { parsePolicy, defaultPolicy, type PolicyLoad } from "./policy/policy-file.js";
export { parseBaseline, formatBaseline, type BaselineEntry, type BaselineFile } from "./policy/baseline.js";
export type { Policy, Rule, RuleSeverity, ViolationSeverity, Violation, Finding, AllowEntry, RuleSetting } from "./policy/types.js";

// Pictures.
export { buildView, type GraphView, type ViewOptions, type ViewNode, type ViewLocation, type ViewEdge, type ViewState } from "./picture/view.js";

// Reporting: one entry for every result and format.
export { report, formatsFor, UnknownFormatError, type ReportOptions, type ResultKind } from "./report/registry.js";
export { formatDiagnostics } from "./report/diagnostics-text.js";
export { styleFor, type Style } from "./report/terminal.js";
export { CommandGuard } from "./report/escape/workflow.js";
export type { HtmlOptions } from "./explorer/html.js";
export type { Coverage } from "./model/types.js";
export type { GraphJson, GraphJsonNode, GraphJsonEdge } from "./report/graph-json.js";
