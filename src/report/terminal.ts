/** Terminal text: colours only when wanted, and manifest text never carries control sequences. */

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const COLOR: Style = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
const id = (s: string) => s;
export const PLAIN: Style = { bold: id, dim: id, red: id, yellow: id, green: id, cyan: id };

/** Colours for a stream: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces them). */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return COLOR;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return PLAIN;
  return stream.isTTY ? COLOR : PLAIN;
}

export { safeText } from "./escape/text.js";

/** Visible width of plain text (no escape sequences). */
export function width(s: string): number {
  return [...s].length;
}

/** Lays out rows as aligned columns; `style` colours cells after padding. */
export function table(header: string[], rows: string[][], colour: Array<((cell: string, row: number) => string) | undefined> = []): string {
  // A loop, not Math.max(...rows): a spread of 100,000s of rows overflows the stack.
  const widths = header.map((h, i) => {
    let w = width(h);
    for (const r of rows) w = Math.max(w, width(r[i] ?? ""));
    return w;
  });
  const line = (cells: string[], row: number, isHeader: boolean) =>
    cells
      .map((c, i) => {
        const last = i === cells.length - 1;
        const padded = last ? c : c + " ".repeat(widths[i]! - width(c));
        const f = colour[i];
        return isHeader || !f ? padded : f(padded, row);
      })
      .join("  ")
      .trimEnd();
  return [line(header, -1, true), ...rows.map((r, i) => line(r, i, false))].join("\n");
}
