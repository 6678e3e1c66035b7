// Work that can wait (reading an answer: the SDK, the parser, the score
// buffer) takes one turn of the event loop each, so answers that arrived
// meanwhile are read off their sockets (and free their wire slots) between
// two of them. One setImmediate per waiter would run them all back to back in
// one check phase, while new answers wait in the kernel.

const line: Array<() => void> = [];
let pumping = false;

function pump() {
  line.shift()?.();
  if (line.length) setImmediate(pump);
  else pumping = false;
}

/** Resolves on a later turn of the event loop, one waiter per turn, after the I/O ready by then. */
export function laterTurn(): Promise<void> {
  return new Promise((resolve) => {
    line.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}
