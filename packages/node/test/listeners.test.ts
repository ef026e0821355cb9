// Intent: listener and quorum-voter strings parse into endpoints, and every malformed form is refused with a reason.
import { describe, expect, it } from 'vitest';
import { parseListeners, parseQuorumVoters } from '../src/listeners.js';

describe('parseListeners', () => {
  it('parses PLAINTEXT and CONTROLLER listeners, empty host and IPv6 brackets', () => {
    const result = parseListeners('PLAINTEXT://:9092, controller://[::1]:9093', { allowPortZero: false });
    expect(result).toEqual({
      ok: true,
      value: [
        { name: 'PLAINTEXT', host: '', port: 9092 },
        { name: 'CONTROLLER', host: '::1', port: 9093 },
      ],
    });
  });

  it.each([
    ['', /at least one/],
    ['localhost:9092', /not NAME:\/\/host:port/],
    ['SSL://h:9092', /not supported/],
    ['PLAINTEXT://h:70000', /1\.\.65535/],
    ['PLAINTEXT://h:0', /1\.\.65535/],
    ['PLAINTEXT://a:1,PLAINTEXT://b:2', /twice/],
  ])('refuses %j', (raw, message) => {
    const result = parseListeners(raw, { allowPortZero: false });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('parseQuorumVoters', () => {
  it('parses id@host:port lists and an empty string', () => {
    expect(parseQuorumVoters('1@a:9093,2@b:9193')).toEqual({
      ok: true,
      value: [
        { nodeId: 1, host: 'a', port: 9093 },
        { nodeId: 2, host: 'b', port: 9193 },
      ],
    });
    expect(parseQuorumVoters('')).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['a@b:1', /nodeId@host:port/],
    ['1@b', /nodeId@host:port/],
    ['1@b:0', /1\.\.65535/],
    ['1@a:1,1@b:2', /twice/],
    ['99999999999@a:1', /int32/],
  ])('refuses %j', (raw, message) => {
    const result = parseQuorumVoters(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
