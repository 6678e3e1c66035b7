import { expect, it } from "vitest";
import { laterTurn } from "./turns";

it("resolves one waiter per turn of the event loop, in order", async () => {
  // A ticker counting turns: each of its setImmediate callbacks is one turn.
  let turn = 0;
  let ticking = true;
  const tick = () => {
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const seen: Array<{ waiter: number; turn: number }> = [];
  await Promise.all([1, 2, 3].map((waiter) => laterTurn().then(() => seen.push({ waiter, turn }))));
  ticking = false;
  expect(seen.map((entry) => entry.waiter)).toEqual([1, 2, 3]);
  expect(new Set(seen.map((entry) => entry.turn)).size).toBe(3);
});
