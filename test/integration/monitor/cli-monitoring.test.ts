// The monitoring commands against a real `ponte serve` (needs `npm run build`): `ponte feedback`
// sends a labels CSV (and refuses a bad line before sending anything), `ponte monitor status`
// shows the windows the server closed, `ponte alerts` lists and `ponte alerts ack` acknowledges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { HttpClient, type Alert, type MonitoringWindow } from '../../../src/core/api';
import { cliJs, freshPostgresDb, tempDir } from '../server/lib/backends';
import { spawnServe } from '../server/lib/server-process';
import { rows, traffic } from './lib/traffic';

test('ponte feedback, monitor status, alerts and alerts ack', async () => {
  const db = await freshPostgresDb();
  const tmp = tempDir('ponte-cli-monitor-');
  const server = await spawnServe(['--port', '0', '--root', tmp.dir, '--db', db.url, '--log-level', 'warn']);
  const ponte = (...args: string[]) => {
    const r = spawnSync(process.execPath, [cliJs, ...args, '--backend', server.url], { cwd: tmp.dir, encoding: 'utf8', env: { ...process.env, PONTE_ACTOR: 'carol' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const client = new HttpClient({ url: server.url });
  try {
    await client.upsertDeployment({ name: 'churn', target: 'docker', status: 'running', config: { monitor: { window: { size: 200 }, accuracy: { min: 0.9 }, alerts: [{ on: 'accuracy' }] } } });
    writeFileSync(path.join(tmp.dir, 'ponte.yaml'), 'version: 1\nproject: churn\ndeployments:\n  churn: { target: docker }\nmonitor:\n  deployment: churn\n');
    const ps = traffic('churn', rows(200, 1), Date.now() - 3_600_000, 'p').map((p) => ({ ...p, prediction: 1 }));
    await client.ingestPredictions(ps);

    writeFileSync(path.join(tmp.dir, 'bad.csv'), 'id,label\np-000000,0\n,1\n');
    const bad = ponte('feedback', 'bad.csv');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /bad\.csv:3: the id is empty/);
    assert.doesNotMatch(bad.err, /\n\s+at /, 'no stack trace');
    writeFileSync(path.join(tmp.dir, 'labels.csv'), `id,label\n${ps.map((p) => `${p.id},0`).join('\n')}\nnope,1\n`);
    const sent = ponte('feedback', 'labels.csv', '--json');
    assert.equal(sent.code, 1, 'an unknown id is a finding');
    assert.deepEqual(JSON.parse(sent.out), { accepted: 200, unknown: ['nope'] });

    const windows = await (async () => {
      for (;;) {
        const r = ponte('monitor', 'status', '--json');
        assert.equal(r.code, 0, r.err);
        const w = JSON.parse(r.out) as MonitoringWindow[];
        if (w.length) return w;
        await new Promise((res) => setTimeout(res, 200));
      }
    })();
    assert.deepEqual([windows[0].count, windows[0].stats.accuracy, windows[0].stats.labelled], [200, 0, 200]);
    assert.match(ponte('monitor', 'status').out, /#\s+end\s+count[\s\S]*\n1\s+\S+ \S+\s+200 .*0\.000\s+200 .*accuracy/);

    const alerts = JSON.parse(ponte('alerts', '--json').out) as Alert[];
    assert.deepEqual(alerts.map((a) => [a.kind, a.status]), [['accuracy', 'open']]);
    const ack = ponte('alerts', 'ack', alerts[0].id);
    assert.equal(ack.code, 0, ack.err);
    assert.match(ack.out, /acknowledged .* as carol/);
    assert.match(ponte('alerts').out, /accuracy\s+acknowledged\s+accuracy 0 < 0\.9/);
    const unknown = ponte('alerts', 'ack', 'nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /alert 'nope' does not exist/);
    assert.equal(ponte('alerts', '--status', 'gone').code, 2);
  } finally {
    await client.close();
    server.proc.kill('SIGTERM');
    await server.exited;
    await db.drop();
    tmp.remove();
  }
});
