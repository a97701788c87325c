/**
 * The layering of src/, checked by `npm run lint:deps` (part of `npm test`). Layers, bottom up;
 * a folder may import only from folders below it (type-only imports included):
 *   diagnostics → yaml → model → import → load → engine → observed → analysis → picture → policy → report and explorer (one layer: the explorer is a reporter that runs the engine in the page) → cli
 * plus: no cycles at all, reporters use analyses only for their types, the CLI imports only the
 * public API (src/index.ts), and src never imports test/.
 */
const LAYERS = ["diagnostics", "yaml", "model", "import", "load", "engine", "observed", "analysis", "picture", "policy", "(report|explorer)", "cli"];

const upward = LAYERS.map((layer, i) => ({
  name: `layer-${layer.replace(/[()|]/g, (c) => (c === "|" ? "-" : ""))}`,
  comment: `${layer}/ may import only from ${LAYERS.slice(0, i).join(", ") || "nothing"} (and node, packages)`,
  severity: "error",
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join("|") || "$^"})/` },
}));

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "no import cycle between modules, type-only imports included", from: {}, to: { circular: true } },
    ...upward.filter((r) => r.name !== "layer-cli"),
    {
      name: "reporters-take-results",
      comment: "reporters import result types (type-only) from the layers that compute them, and report/picture helpers",
      severity: "error",
      from: { path: "^src/report/" },
      to: { path: "^src/(analysis|policy|engine|load|import)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "cli-uses-public-api",
      comment: "the CLI imports only the public API (src/index.ts) and its own modules",
      severity: "error",
      from: { path: "^src/cli/", pathNot: "^src/cli/commands/check\\.ts$" },
      to: { path: "^src/", pathNot: "^src/(cli/|index\\.ts$)" },
    },
    {
      name: "check-uses-public-api",
      comment: "the same rule for `check`, a warning until its orchestration (base, policy, baseline) moves into the library (issue 18); then fold this into cli-uses-public-api",
      severity: "warn",
      from: { path: "^src/cli/commands/check\\.ts$" },
      to: { path: "^src/", pathNot: "^src/(cli/|index\\.ts$)" },
    },
    {
      name: "index-not-cli",
      comment: "the library does not depend on the CLI",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    { name: "src-not-test", severity: "error", from: { path: "^src/" }, to: { path: "^(test|bench|scripts)/" } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.md$" },
  },
};
