// The human-readable end of a chaos run: what was done, what the clients were told, what the check found.

export function formatSummary(s) {
  const lines = [];
  const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
  lines.push(`== chaos run: ${s.valid ? 'VALID (no anomaly)' : 'ANOMALIES FOUND'} ==`);
  lines.push(`command: ${s.command} (seed ${s.seed}; replay with --seed ${s.seed})`);
  lines.push(`machine: ${s.machine}`);
  lines.push(
    `cluster: ${s.nodes} nodes; topic ${s.topic.name}: ${s.topic.partitions} partitions, RF ${s.topic.replicationFactor}, min.insync.replicas=${s.topic.minInsyncReplicas}; workload ${seconds(s.durationMs)}`,
  );
  lines.push(
    `acks: ${s.acks.total} values acknowledged (${s.acks.beforeFirstFault} before the first fault, ${s.acks.afterLastHeal} after the last heal)`,
  );
  lines.push(
    `read back: ${s.counts.read} records; indeterminate sends: ${s.counts.failedIndeterminate} (${s.counts.indeterminateRead} of them in the log); definite failures: ${s.counts.failedDefinite}`,
  );
  const errorLines = Object.entries(s.attemptErrors).sort((a, b) => b[1] - a[1]);
  lines.push(`request errors (attempts, retried with the same sequence): ${errorLines.length === 0 ? 'none' : ''}`);
  for (const [name, count] of errorLines) lines.push(`  ${count} x ${name}`);
  lines.push(
    `concurrent consumers: ${s.counts.polled} records polled while the faults ran; fetch errors (retried): ${
      Object.entries(s.pollErrors)
        .sort((a, b) => b[1] - a[1])
        .map(([name, count]) => `${count} x ${name}`)
        .join(', ') || 'none'
    }`,
  );
  const failureLines = Object.entries(s.failuresByError);
  if (failureLines.length > 0) {
    lines.push('values not acknowledged, by final error:');
    for (const [name, count] of failureLines) lines.push(`  ${count} x ${name}`);
  }
  lines.push(`faults (${s.events.filter((e) => e.action === 'start').length} injected):`);
  for (const e of s.events) {
    lines.push(
      `  +${seconds(e.atMs)} ${e.at} ${e.action} ${e.fault} node ${e.nodeId}${e.detail ? ` (${e.detail})` : ''}`,
    );
  }
  const identical = s.replicas.filter((r) => r.identical).length;
  lines.push(`replicas: ${identical}/${s.replicas.length} partitions byte-identical on every replica`);
  for (const r of s.replicas) {
    lines.push(
      `  partition ${r.partition}: high watermark ${s.highWatermarks[r.partition]}, ${r.replicas.map((x) => `node ${x.nodeId} ${x.bytes} B ${x.sha256}`).join(', ')}${r.detail ? ` - ${r.detail}` : ''}`,
    );
  }
  lines.push(`consumer group read: ${s.groupRead ? 'done, compared with the direct read' : 'not done'}`);
  const kinds = Object.entries(s.anomalies);
  lines.push(`anomalies: ${kinds.length === 0 ? 'none' : ''}`);
  for (const [kind, { count, examples }] of kinds) {
    lines.push(`  ${kind}: ${count}`);
    for (const example of examples) lines.push(`    ${JSON.stringify(example)}`);
  }
  return `${lines.join('\n')}\n`;
}
