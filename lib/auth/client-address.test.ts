import { describe, expect, it } from "vitest";
import { clientAddress } from "./options";

describe("clientAddress", () => {
  it("ignores forwarding headers unless a proxy is trusted: a client could name any address", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8" }, false)).toBeUndefined();
  });

  it("takes the address the trusted proxy appended last, not what the client sent before it", () => {
    expect(clientAddress({ "x-forwarded-for": "1.2.3.4, 203.0.113.7" }, true)).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, true)).toBe("203.0.113.7");
    expect(clientAddress({ "x-real-ip": " 203.0.113.9 " }, true)).toBe("203.0.113.9");
    expect(clientAddress({}, true)).toBeUndefined();
  });
});
