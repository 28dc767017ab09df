// A TCP proxy that puts a slow network between the browser and a local server: every chunk waits half the round
// trip in each direction, a new connection pays one round trip before its first byte (the TCP handshake), and all
// connections share one link of fixed bandwidth per direction (a token bucket: a chunk leaves when the link has sent
// what was queued before it). TLS handshakes, CORS preflights and pages go through it like everything else.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** One direction of the shared link: bytes leave in order at `bitsPerSecond`, then travel `oneWayMs`. */
export class Link {
  private freeAt = 0;
  constructor(private readonly bitsPerSecond: number, private readonly oneWayMs: number) {}
  /** When a chunk of `bytes` handed over at `now` (ms) arrives at the other end. */
  arrival(now: number, bytes: number): number {
    const leaves = Math.max(now, this.freeAt) + (bytes * 8 * 1000) / this.bitsPerSecond;
    this.freeAt = leaves;
    return leaves + this.oneWayMs;
  }
}

export interface NetworkConditions {
  roundTripMs: number;
  bitsPerSecond: number;
}

export interface ConnectionEvent {
  proxy: string;
  at: number;
}

export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * Delivery of delayed chunks to `to`, in order: one queue per direction and one timer at a time (timers of
 * different durations due at the same moment may fire in any order, which would shuffle a TLS stream).
 */
function delayedPipe(from: Socket, to: Socket, link: Link, notBefore: () => number): void {
  const queue: Array<{ at: number; chunk: Buffer | null }> = [];
  let timer: NodeJS.Timeout | undefined;
  const drain = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length && queue[0]!.at <= now + 0.5) {
      const { chunk } = queue.shift()!;
      if (to.destroyed) continue;
      if (chunk) to.write(chunk);
      else to.end();
    }
    if (queue.length) timer = setTimeout(drain, queue[0]!.at - now);
  };
  const push = (at: number, chunk: Buffer | null) => {
    queue.push({ at: Math.max(at, queue.at(-1)?.at ?? 0), chunk });
    if (!timer) timer = setTimeout(drain, Math.max(0, queue[0]!.at - performance.now()));
  };
  from.on('data', (chunk: Buffer) => {
    // A chunk cannot leave before the handshake completes; it then takes its turn on the shared link.
    push(link.arrival(Math.max(performance.now(), notBefore()), chunk.length), chunk);
  });
  from.on('end', () => push(performance.now(), null));
}

export function startDelayProxy(
  name: string,
  targetPort: number,
  conditions: NetworkConditions,
  links: { up: Link; down: Link },
  onConnection: (event: ConnectionEvent) => void,
): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const accepted = performance.now();
    onConnection({ proxy: name, at: performance.timeOrigin + accepted });
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // SYN / SYN-ACK: the client's first byte goes out one round trip after it connected.
    const handshakeDone = () => accepted + conditions.roundTripMs;
    delayedPipe(client, upstream, links.up, handshakeDone);
    delayedPipe(upstream, client, links.down, () => 0);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function sharedLinks(conditions: NetworkConditions): { up: Link; down: Link } {
  const oneWay = conditions.roundTripMs / 2;
  return { up: new Link(conditions.bitsPerSecond, oneWay), down: new Link(conditions.bitsPerSecond, oneWay) };
}
