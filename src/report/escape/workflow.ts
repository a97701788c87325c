/**
 * GitHub Actions reads every line a step prints, looking for workflow commands: a line whose
 * text, after leading whitespace (as .NET's `TrimStart` sees it), starts with `::`, and the
 * legacy form `##[command]` anywhere in a line. Lines end at CR, LF or CRLF. faultline's own
 * annotations are the only commands it ever prints; this module makes sure that no other text
 * can become one, whatever a pull request puts into ids, names, file names or source lines.
 */

/** Characters .NET's `char.IsWhiteSpace` accepts, which the runner trims before looking for `::`. */
export const RUNNER_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

/** A line the runner would read as a `::command` (after trimming) or that holds a legacy `##[`. */
export function isRunnerCommand(line: string): boolean {
  const t = line.replace(RUNNER_WHITESPACE, "");
  return t.startsWith("::") || /##\[[^\]]*\]/.test(line);
}

/** Neutralises one line (no line breaks in it): a leading `::` loses its first colon, every `##[` its first `#`. */
export function neutraliseLine(line: string): string {
  let s = line.replace(/#(?=#\[)/g, "\\u0023");
  const lead = RUNNER_WHITESPACE.exec(s)![0].length;
  if (s.startsWith("::", lead)) s = `${s.slice(0, lead)}\\u003a${s.slice(lead + 1)}`;
  return s;
}

/** Neutralises every line of `text` (line breaks kept as they are). */
export function neutraliseCommands(text: string): string {
  return text.replace(/[^\r\n]+/g, neutraliseLine);
}

/**
 * The same, for text written in pieces: remembers whether the unfinished line has shown
 * visible text yet, and holds back a tail that could still grow into `::` or `##[`, so a
 * command split over two writes (`":"` then `":error::x"`, `"#"` then `"#[x]"`) is caught too.
 */
export class CommandGuard {
  private pending = "";
  private atStart = true;

  /** The text that can be written now. */
  push(chunk: string): string {
    const text = this.pending + chunk;
    this.pending = "";
    let out = "";
    let at = 0;
    const breaks = /\r\n|\r|\n/g;
    for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
      const line = text.slice(at, m.index);
      out += (this.atStart ? neutraliseLine(line) : line.replace(/#(?=#\[)/g, "\\u0023")) + m[0];
      this.atStart = true;
      at = m.index + m[0].length;
    }
    let rest = text.slice(at);
    if (rest === "") return out;
    if (this.atStart) {
      const lead = RUNNER_WHITESPACE.exec(rest)![0].length;
      // Only whitespace, or whitespace and one colon, so far: it may still become `::`.
      if (lead === rest.length || (rest.length === lead + 1 && rest[lead] === ":")) {
        this.pending = rest;
        return out;
      }
    }
    const keep = rest.endsWith("##") ? 2 : rest.endsWith("#") ? 1 : 0;
    this.pending = rest.slice(rest.length - keep);
    rest = rest.slice(0, rest.length - keep);
    out += this.atStart ? neutraliseLine(rest) : rest.replace(/#(?=#\[)/g, "\\u0023");
    this.atStart = false;
    return out;
  }

  /** Whatever is still held back (it can no longer become a command). */
  end(): string {
    const s = this.pending;
    this.pending = "";
    return s;
  }
}
