import * as fs from 'node:fs';
import * as path from 'node:path';

// Kafka's checkpoint text format: a version line, a count line, then one entry per line.
// Writes go to a temp file that is fsynced and renamed over the old one, then the directory is
// fsynced, so a crash leaves either the old or the new checkpoint, never a torn one.

export function writeCheckpointFile(filePath: string, version: number, entries: string[]): void {
  const tmpPath = `${filePath}.tmp`;
  const text = `${version}\n${entries.length}\n${entries.map((entry) => `${entry}\n`).join('')}`;
  const fd = fs.openSync(tmpPath, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmpPath, filePath);
  fsyncDirectory(path.dirname(filePath));
}

/** Returns the entry lines, or null when the file does not exist. Malformed files throw. */
export function readCheckpointFile(filePath: string, expectedVersion: number): string[] | null {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const version = Number(lines[0]);
  if (version !== expectedVersion) throw new Error(`${filePath}: unsupported checkpoint version ${lines[0]}`);
  const count = Number(lines[1]);
  if (!Number.isSafeInteger(count) || count < 0 || lines.length !== count + 2) {
    throw new Error(`${filePath}: malformed checkpoint, count line ${lines[1]} with ${lines.length - 2} entries`);
  }
  return lines.slice(2);
}

export function fsyncDirectory(dirPath: string): void {
  const fd = fs.openSync(dirPath, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
