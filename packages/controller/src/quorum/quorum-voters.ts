/** `controller.quorum.voters` parsing: `1@host:9093,2@host:9093` (KIP-595), validated once and frozen. */

export interface QuorumVoter {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export class InvalidQuorumVotersError extends Error {
  readonly code = 'INVALID_QUORUM_VOTERS';
}

const VOTER = /^(\d+)@(\[[0-9a-fA-F:.]+\]|[^:@\s,]+):(\d+)$/;

export function parseQuorumVoters(text: string): readonly QuorumVoter[] {
  const voters: QuorumVoter[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const match = VOTER.exec(part);
    if (match === null)
      throw new InvalidQuorumVotersError(`controller.quorum.voters entry ${JSON.stringify(part)} is not id@host:port`);
    const nodeId = Number(match[1]);
    const port = Number(match[3]);
    if (!Number.isSafeInteger(nodeId) || nodeId < 1)
      throw new InvalidQuorumVotersError(`voter id ${match[1]} must be >= 1`);
    if (port < 1 || port > 65535) throw new InvalidQuorumVotersError(`voter port ${port} is out of range`);
    if (voters.some((v) => v.nodeId === nodeId)) throw new InvalidQuorumVotersError(`voter id ${nodeId} appears twice`);
    voters.push(Object.freeze({ nodeId, host: match[2].replace(/^\[|\]$/g, ''), port }));
  }
  return Object.freeze(voters);
}

export function voterAddress(voter: QuorumVoter): string {
  return voter.host.includes(':') ? `[${voter.host}]:${voter.port}` : `${voter.host}:${voter.port}`;
}

/** Bootstrap addresses: `host:port[,host:port]` or a voters string (`id@host:port,...`). */
export function parseBootstrapControllers(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => s.replace(/^\d+@/, ''));
}
