/**
 * Lines joined into pieces of about 64 KiB as they are written: a report of hundreds of thousands
 * of lines (exposure's boundary crossings of 50,000 services: 78 MB) no longer holds every line,
 * and an array of them, until the end — the pieces die young. A reporter that writes as it goes
 * hands over each finished piece (`take`), and never holds the text whole.
 */
export class TextChunks {
  private ready: string[] = [];
  private parts: string[] = [];
  private size = 0;
  /** Appends `line` and a newline. */
  line(line: string): void {
    this.parts.push(line, "\n");
    this.size += line.length + 1;
    if (this.size > 1 << 16) this.flush();
  }
  /** Appends `piece` as it is (a piece is never split between chunks). */
  raw(piece: string): void {
    this.parts.push(piece);
    this.size += piece.length;
    if (this.size > 1 << 16) this.flush();
  }
  private flush(): void {
    if (this.parts.length === 0) return;
    this.ready.push(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
  /** The pieces finished so far, handed over (and forgotten here). */
  take(): string[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }
  /** The rest, handed over: `take` after the last line. */
  finish(): string[] {
    this.flush();
    return this.take();
  }
  /** Everything written (and not taken), as one text. */
  text(): string {
    return this.finish().join("");
  }
}
