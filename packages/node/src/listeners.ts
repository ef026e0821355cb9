/**
 * Parsers for `listeners`, `advertised.listeners` and `controller.quorum.voters`. They return either the parsed
 * value or a message saying what is allowed, so the config validator can report every bad key at once.
 */

export interface Listener {
  /** Listener name, upper case as Kafka writes it: PLAINTEXT, CONTROLLER, ... */
  name: string;
  /** Empty string in the file (`PLAINTEXT://:9092`) means all interfaces; kept as '' so callers decide. */
  host: string;
  port: number;
}

export interface QuorumVoter {
  nodeId: number;
  host: string;
  port: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const LISTENER_PATTERN = /^([A-Za-z][A-Za-z0-9_]*):\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s]*):(\d+)$/;
/** Listener names Tributary understands today; SSL/SASL listeners are not implemented, so they are refused. */
export const SUPPORTED_LISTENER_NAMES: readonly string[] = ['PLAINTEXT', 'CONTROLLER'];

export function parseListeners(raw: string, { allowPortZero }: { allowPortZero: boolean }): ParseResult<Listener[]> {
  const items = splitList(raw);
  if (items.length === 0) return { ok: false, message: 'expected at least one NAME://host:port' };
  const listeners: Listener[] = [];
  for (const item of items) {
    const match = LISTENER_PATTERN.exec(item);
    if (!match) return { ok: false, message: `"${item}" is not NAME://host:port (e.g. PLAINTEXT://127.0.0.1:9092)` };
    const name = match[1].toUpperCase();
    if (!SUPPORTED_LISTENER_NAMES.includes(name)) {
      return {
        ok: false,
        message: `listener name "${name}" is not supported; use ${SUPPORTED_LISTENER_NAMES.join(' or ')}`,
      };
    }
    const port = parsePort(match[3], allowPortZero);
    if (port === null) return { ok: false, message: `port in "${item}" must be ${allowPortZero ? 0 : 1}..65535` };
    if (listeners.some((l) => l.name === name)) return { ok: false, message: `listener name "${name}" appears twice` };
    listeners.push({ name, host: stripBrackets(match[2]), port });
  }
  return { ok: true, value: listeners };
}

const VOTER_PATTERN = /^(\d+)@(\[[0-9a-fA-F:.]+\]|[^:@/\s]+):(\d+)$/;

/** `controller.quorum.voters` = `1@host1:9093,2@host2:9093`; node ids unique, ports 1..65535. */
export function parseQuorumVoters(raw: string): ParseResult<QuorumVoter[]> {
  const voters: QuorumVoter[] = [];
  for (const item of splitList(raw)) {
    const match = VOTER_PATTERN.exec(item);
    if (!match) return { ok: false, message: `"${item}" is not nodeId@host:port (e.g. 1@127.0.0.1:9093)` };
    const nodeId = Number(match[1]);
    if (!Number.isSafeInteger(nodeId) || nodeId > 2_147_483_647) {
      return { ok: false, message: `node id in "${item}" is not a valid int32` };
    }
    const port = parsePort(match[3], false);
    if (port === null) return { ok: false, message: `port in "${item}" must be 1..65535` };
    if (voters.some((v) => v.nodeId === nodeId)) return { ok: false, message: `node id ${nodeId} appears twice` };
    voters.push({ nodeId, host: stripBrackets(match[2]), port });
  }
  return { ok: true, value: voters };
}

export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parsePort(text: string, allowZero: boolean): number | null {
  const port = Number(text);
  if (!Number.isInteger(port) || port > 65535 || port < (allowZero ? 0 : 1)) return null;
  return port;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
