import crypto from "node:crypto";

// A traffic row's id is a UUIDv7 whose 48-bit time part is the row's own
// timestamp ("occurredAt", the partition key), not the time it arrived. The
// table's keys all start with ("projectId", "occurredAt"), so a page given
// only an id reads the timestamp back out of it and probes one partition.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// Random bytes drawn 4 KB at a time: one randomBytes call per id cost more
// than the rest of the id (a batch makes a thousand).
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  offset += bytes;
  return pool.toString("hex", offset - bytes, offset);
}

export function trafficId(occurredAt: Date): string {
  const time = occurredAt.getTime().toString(16).padStart(12, "0");
  const random = randomHex(10);
  const variant = (8 | (parseInt(random[3]!, 16) & 3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`;
}

/** The timestamp a traffic id was made from, or null when `id` is not one. */
export function occurredAtFromId(id: string): Date | null {
  if (!UUID.test(id)) return null;
  return new Date(parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}
