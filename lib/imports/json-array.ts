// Splits a top-level JSON array into its elements as text arrives, so a
// 100 MB array never has to be parsed (or held) as one value. Each element's
// text is handed to JSON.parse on its own.

export type ArrayElement = { text: string; index: number };

export class JsonArraySplitter {
  private state: "before" | "between" | "inside" | "after" = "before";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private buffer = "";
  private index = 0;
  /** Set once the closing bracket was seen; text after it other than whitespace is an error. */
  trailingGarbage = false;
  notAnArray = false;

  push(chunk: string): ArrayElement[] {
    const out: ArrayElement[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.state === "before") {
        if (isSpace(ch)) continue;
        if (ch !== "[") {
          this.notAnArray = true;
          this.state = "after";
          return out;
        }
        this.state = "between";
        continue;
      }
      if (this.state === "after") {
        if (!isSpace(ch)) this.trailingGarbage = true;
        continue;
      }
      if (this.state === "between") {
        if (isSpace(ch) || ch === ",") continue;
        if (ch === "]") {
          this.state = "after";
          continue;
        }
        this.state = "inside";
        this.buffer = "";
        this.depth = 0;
      }
      // inside an element
      if (this.inString) {
        this.buffer += ch;
        if (this.escaped) this.escaped = false;
        else if (ch === "\\") this.escaped = true;
        else if (ch === '"') this.inString = false;
        continue;
      }
      if (this.depth === 0 && (ch === "," || ch === "]")) {
        out.push({ text: this.buffer, index: ++this.index });
        this.buffer = "";
        this.state = ch === "]" ? "after" : "between";
        continue;
      }
      if (ch === '"') this.inString = true;
      else if (ch === "{" || ch === "[") this.depth++;
      else if (ch === "}" || ch === "]") this.depth--;
      this.buffer += ch;
    }
    return out;
  }

  /** True when the input ended before the array was closed. */
  get unterminated() {
    return this.state === "before" || this.state === "between" || this.state === "inside";
  }
  get sawArray() {
    return this.state !== "before" && !this.notAnArray;
  }
  get elementCount() {
    return this.index;
  }
}

function isSpace(ch: string) {
  return ch === " " || ch === "\n" || ch === "\r" || ch === "\t";
}
