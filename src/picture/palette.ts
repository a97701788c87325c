/** The colours of pictures, shared by the SVG, DOT and Mermaid reporters. */
import type { ViewState } from "./view.js";

/** Colours of the three hosting classes: boxes, their headers and the legend. */
export const HOSTING_COLOURS: Record<string, { stroke: string; fill: string; text: string }> = {
  "in-house": { stroke: "#2f6fb0", fill: "#e6f0fa", text: "#1d4f82" },
  "public-cloud": { stroke: "#8a5cc2", fill: "#f2ebfb", text: "#5b3590" },
  "third-party": { stroke: "#2c8a6e", fill: "#e4f4ee", text: "#1d6650" },
};
/** Colours of the states under `--fail`. */
export const STATE_COLOURS: Record<ViewState, { stroke: string; fill: string; text: string }> = {
  down: { stroke: "#c62828", fill: "#fbd9d6", text: "#7f1010" },
  degraded: { stroke: "#c98000", fill: "#fdeec9", text: "#6b4500" },
  up: { stroke: "#b9b9b9", fill: "#f5f5f5", text: "#8c8c8c" },
};
