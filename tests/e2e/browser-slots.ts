// At most two browser test files at a time, in a run that also runs the Node and jsdom files beside them.
// Each browser file starts its own sandbox EHR and Chromium (about one core while it runs); three at once on a
// 2-core machine starve the page timings the tests wait on. A slot is a lock file named for the run (the vitest
// process, our parent): created exclusively, removed when the file ends, taken over when its owner has died.
import { afterAll, beforeAll } from 'vitest';
import { mkdirSync, openSync, closeSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SLOTS = Number(process.env.E2E_PARALLEL ?? 2);
const WAIT_LIMIT_MS = 20 * 60_000;
const POLL_MS = 250;
const runDir = join(tmpdir(), `kyphoplasty-e2e-slots-${process.ppid}`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function ownerOf(slot: string): number | undefined {
  try {
    return Number(readFileSync(slot, 'utf8')) || undefined;
  } catch {
    return undefined; // released (or its directory removed) between our attempt and this read: try again next poll
  }
}

function tryTake(slot: string): boolean {
  try {
    // The last file of the run may have removed the directory a moment ago.
    mkdirSync(runDir, { recursive: true });
    const fd = openSync(slot, 'wx');
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    // Anything but "held" (EEXIST) or "just removed" (ENOENT) is a broken machine: say so rather than wait 20 minutes.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOENT') throw error;
    // Held: free it only if the worker that took it is gone (a crashed file never released it).
    const owner = ownerOf(slot);
    if (owner && !alive(owner)) rmSync(slot, { force: true });
    return false;
  }
}

let held: string | undefined;

beforeAll(async () => {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!held && Date.now() < deadline) {
    for (let i = 0; i < SLOTS && !held; i += 1) {
      const slot = join(runDir, `slot-${i}`);
      if (tryTake(slot)) held = slot;
    }
    if (!held) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  // Past the limit the file runs anyway: a slower run, never a hung one.
}, WAIT_LIMIT_MS + 5_000);

afterAll(() => {
  if (held) rmSync(held, { force: true });
  held = undefined;
  try {
    rmdirSync(runDir); // the last file of the run leaves nothing behind
  } catch {
    // another browser file still holds its slot
  }
});
