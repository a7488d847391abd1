/**
 * Streams captured entries to the background and keeps each one until it is acknowledged, so a
 * service-worker restart (the port drops) loses nothing: reconnect, replay what is pending. Entries
 * the background could keep only in its memory (acknowledged with `hold`: session storage full) stay
 * here too, in this page's memory only, and are sent again when a restarted worker asks (`need`).
 */
import type { Entry } from 'har-format';
import type { CaptureClientMessage, CaptureServerMessage } from '../shared/protocol';

export interface StreamPort {
  postMessage(msg: CaptureClientMessage): void;
  onMessage: { addListener(cb: (msg: CaptureServerMessage) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export class CaptureStreamer {
  private port: StreamPort | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Entry>();
  /** Acknowledged, but whole only in the worker's memory: a restarted worker asks for these again. */
  private readonly held = new Map<number, Entry>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Entries wait for the background's answer to `hello`, so that re-sent ones keep their order. */
  private ready = false;

  constructor(
    private readonly connect: () => StreamPort,
    readonly session: string,
    private readonly reconnectDelayMs = 100,
  ) {
    this.open();
  }

  get unacknowledged(): number {
    return this.pending.size;
  }

  get holding(): number {
    return this.held.size;
  }

  push(entry: Entry): void {
    const seq = this.seq++;
    this.pending.set(seq, entry);
    if (this.ready) this.send({ type: 'entry', session: this.session, seq, entry });
  }

  navigated(url: string): void {
    this.send({ type: 'navigated', url });
  }

  private send(msg: CaptureClientMessage): void {
    if (!this.port) return; // replayed on reconnect
    try {
      this.port.postMessage(msg);
    } catch {
      this.dropped();
    }
  }

  private open(): void {
    let port: StreamPort;
    try {
      port = this.connect();
    } catch {
      this.dropped();
      return;
    }
    this.port = port;
    this.ready = false;
    port.onMessage.addListener((msg) => {
      if (msg.session !== this.session) return;
      if (msg.type === 'ack') {
        const entry = this.pending.get(msg.seq);
        this.pending.delete(msg.seq);
        if (msg.hold && entry) this.held.set(msg.seq, entry);
      } else if (msg.type === 'need') {
        this.resend(msg.seqs, msg.after);
      } else if (msg.type === 'release') {
        this.held.clear();
      }
    });
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.dropped();
    });
    this.send({ type: 'hello', session: this.session });
  }

  /** The background's answer to `hello`: what it lost, then everything it has not acknowledged. */
  private resend(seqs: number[], after: number): void {
    for (const seq of seqs) {
      const entry = this.held.get(seq);
      if (entry) this.send({ type: 'resupply', session: this.session, seq, entry });
    }
    for (const [seq, entry] of this.held) {
      if (seq <= after) continue;
      this.held.delete(seq);
      this.pending.set(seq, entry); // acknowledged again, with `hold` again if it still does not fit
    }
    for (const [seq, entry] of [...this.pending].sort((a, b) => a[0] - b[0])) {
      this.send({ type: 'entry', session: this.session, seq, entry });
    }
    this.send({ type: 'resent', session: this.session });
    this.ready = true;
  }

  private dropped(): void {
    this.port = null;
    if (this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, this.reconnectDelayMs);
  }
}
