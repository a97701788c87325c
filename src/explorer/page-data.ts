/** What `graph --format html` embeds for the page script (JSON in a script element). */
import type { EstateData } from "../model/estate-data.js";
import type { ScenarioRow } from "../analysis/scenarios.js";
import type { PageState } from "./hash-state.js";

export interface PageData {
  v: 1;
  /** `svg`: the SVG picture inline, updated in place; `webgl`: a sigma canvas on `positions`. */
  mode: "svg" | "webgl";
  estate: EstateData;
  scenarios: ScenarioRow[];
  /** The state when the hash holds none (from `--fail`, `--focus`, `--depth`, `--hosting`). */
  initial: PageState;
  /** WebGL mode: x, y per node in sorted id order (nodes not drawn at NaN), flat. */
  positions?: number[];
}
