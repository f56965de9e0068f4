/**
 * Container logs, kept per pod and container (bounded), with followers for `kubectl logs -f`.
 * The kubelet writes one line per state change and the emulated app writes its own lines.
 */

interface Stream {
  lines: Array<{ time: string; text: string }>;
  /** The previous container instance's lines (after a restart), for `kubectl logs --previous`. */
  previous?: Array<{ time: string; text: string }>;
  followers: Set<(line: { time: string; text: string }) => void>;
}

/** Log lines of every container of every pod. */
export class PodLogs {
  private readonly streams = new Map<string, Stream>();
  private readonly maxLines: number;

  constructor(maxLines = 1000) {
    this.maxLines = maxLines;
  }

  private key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  private stream(namespace: string, pod: string, container: string): Stream {
    const k = this.key(namespace, pod, container);
    let s = this.streams.get(k);
    if (!s) this.streams.set(k, (s = { lines: [], followers: new Set() }));
    return s;
  }

  /** Appends a line (timestamped now) and notifies followers. */
  append(namespace: string, pod: string, container: string, text: string): void {
    const s = this.stream(namespace, pod, container);
    const line = { time: new Date().toISOString(), text };
    s.lines.push(line);
    if (s.lines.length > this.maxLines) s.lines.splice(0, s.lines.length - this.maxLines);
    for (const f of s.followers) f(line);
  }

  /** Lines so far (optionally only the last `tail`). */
  lines(namespace: string, pod: string, container: string, tail?: number): Array<{ time: string; text: string }> {
    const all = this.streams.get(this.key(namespace, pod, container))?.lines ?? [];
    return tail !== undefined && tail >= 0 ? all.slice(Math.max(0, all.length - tail)) : [...all];
  }

  /** A container restarted: its lines so far become the previous instance's log; the new one starts empty. */
  rotate(namespace: string, pod: string, container: string): void {
    const s = this.stream(namespace, pod, container);
    s.previous = s.lines;
    s.lines = [];
  }

  /** The previous container instance's lines, or undefined when the container never restarted. */
  previousLines(
    namespace: string,
    pod: string,
    container: string,
    tail?: number,
  ): Array<{ time: string; text: string }> | undefined {
    const prev = this.streams.get(this.key(namespace, pod, container))?.previous;
    if (!prev) return undefined;
    return tail !== undefined && tail >= 0 ? prev.slice(Math.max(0, prev.length - tail)) : [...prev];
  }

  /** Follows new lines; returns an unsubscribe function. */
  follow(
    namespace: string,
    pod: string,
    container: string,
    fn: (line: { time: string; text: string }) => void,
  ): () => void {
    const s = this.stream(namespace, pod, container);
    s.followers.add(fn);
    return () => s.followers.delete(fn);
  }

  /** Whether a container has written anything. */
  has(namespace: string, pod: string, container: string): boolean {
    const s = this.streams.get(this.key(namespace, pod, container));
    return !!s && (s.lines.length > 0 || s.previous !== undefined);
  }

  /** Drops a pod's logs (after the pod is deleted). */
  forget(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const k of this.streams.keys()) if (k.startsWith(prefix)) this.streams.delete(k);
  }
}
