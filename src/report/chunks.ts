/**
 * Lines joined into one text as they are written, 64 KiB at a time: a report of hundreds of
 * thousands of lines (exposure's boundary crossings of 50,000 services: 78 MB) no longer holds
 * every line, and an array of them, until the end — the pieces die young.
 */
export class TextChunks {
  private readonly chunks: string[] = [];
  private parts: string[] = [];
  private size = 0;
  /** Appends `line` and a newline. */
  line(line: string): void {
    this.parts.push(line, "\n");
    this.size += line.length + 1;
    if (this.size > 1 << 16) this.flush();
  }
  private flush(): void {
    this.chunks.push(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
  /** Everything written. */
  text(): string {
    this.flush();
    return this.chunks.join("");
  }
}
