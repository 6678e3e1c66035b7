// An incremental RFC 4180 CSV reader: feed it text chunks, it hands back whole
// records. Written here (not csv-parse) because the same code runs in the
// browser preview and on the server, and because ragged rows must be reported
// with their line number rather than silently padded.

export type CsvRecord = { fields: string[]; line: number };

export class CsvReader {
  private field = "";
  private fields: string[] = [];
  private inQuotes = false;
  private quoteJustClosed = false;
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;

  /** Consumes a chunk and returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === "\n") continue; // CRLF: the record already ended at CR
      }
      if (this.inQuotes) {
        if (ch === '"') {
          this.inQuotes = false;
          this.quoteJustClosed = true;
        } else {
          if (ch === "\n") this.line++;
          this.field += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (this.quoteJustClosed) {
          // "" inside a quoted field is a literal quote
          this.field += '"';
          this.inQuotes = true;
          this.quoteJustClosed = false;
        } else if (this.field === "") {
          this.inQuotes = true;
        } else {
          this.field += ch; // a stray quote inside an unquoted field is kept as text
        }
        continue;
      }
      this.quoteJustClosed = false;
      if (ch === ",") {
        this.fields.push(this.field);
        this.field = "";
      } else if (ch === "\n" || ch === "\r") {
        if (ch === "\r") this.pendingCr = true;
        this.endRecord(records);
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += ch;
      }
    }
    return records;
  }

  /** Ends the input; returns the last record if the file had no final newline. */
  end(): { records: CsvRecord[]; unterminatedQuote: boolean } {
    const records: CsvRecord[] = [];
    const unterminatedQuote = this.inQuotes;
    if (this.field !== "" || this.fields.length > 0 || this.quoteJustClosed) this.endRecord(records);
    return { records, unterminatedQuote };
  }

  private endRecord(records: CsvRecord[]) {
    this.fields.push(this.field);
    const fields = this.fields;
    this.fields = [];
    this.field = "";
    this.quoteJustClosed = false;
    // A blank line is not a record.
    if (fields.length === 1 && fields[0] === "") return;
    records.push({ fields, line: this.recordLine });
  }
}
