// `ponte predict NAME [--data JSON | --data @FILE] [--json]`: one request through the backend's
// monitoring proxy to a deployment, as a client would send it: the answer, the prediction the
// proxy records (monitor.prediction), its id and the latency. Without --data the request is a
// row of the reference dataset (monitor.reference), limited to monitor.features.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { backendHelp, backendOptions } from '../backend-options';
import { renderJson } from '../output';
import type { PredictOutput } from '../../core/cli-json';
import type { Json } from '../../core/api';
import { fromSystemError, PonteError } from '../../core/errors';
import { readJsonPath } from '../../core/monitor';
import { loadProject, type PonteConfig } from '../../core/project';
import { readServerFile } from '../../core/workspace';

const HELP = `Usage: ponte predict NAME [--data JSON | --data @FILE] [--json]

Sends one POST to the deployment's predict path through the backend's monitoring proxy
(/deployments/NAME/predict), as a client would, and prints the answer, the prediction the proxy
recorded (monitor.prediction), its Ponte-Prediction-Id and the latency.

Options:
  --data JSON    the request body; @FILE reads it from a file. Default: the first row of the
                 reference dataset (monitor.reference), limited to monitor.features
  --json         print {url, request, status, response, prediction, prediction_id, latency_ms}
${backendHelp}
Exit codes: 0 the model answered 2xx, 1 it did not (or the request failed), 2 bad usage.`;

const options = { data: { type: 'string' }, json: { type: 'boolean' }, ...backendOptions } as const;

export const predictCommand: CliCommand = {
  grammar: { options },
  summary: 'send one request to a deployment through the monitoring proxy',
  async run(argv) {
    const args = parseCommandArgs('predict', argv, options, HELP);
    if (!args) return 0;
    if (args.positionals.length !== 1) throw new PonteError('usage.bad_arguments', 'ponte predict takes one deployment NAME', { hint: 'e.g. ponte predict production' });
    const name = args.positionals[0];
    const root = process.cwd();
    const { config } = loadProject(root);
    const predictPath = config.deployments.find((d) => d.name === name)?.predict ?? '/predict';
    const body = args.values.data === undefined ? await sampleRequest(config) : readData(args.values.data);
    const { url: base, token } = await backendUrl(root, args.values.backend, args.values.token);
    const url = `${base.replace(/\/+$/, '')}/deployments/${encodeURIComponent(name)}${predictPath}`;
    const started = process.hrtime.bigint();
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (e) {
      throw new PonteError('predict.unreachable', `the backend at ${base} did not answer (${(e as Error).message})`, { hint: 'start it with ponte serve (or the editor starts one), or pass --backend URL' });
    }
    const text = await res.text();
    const latency = Number(process.hrtime.bigint() - started) / 1e6;
    let response: unknown = text;
    try {
      response = JSON.parse(text);
    } catch {
      // not JSON: shown as text
    }
    const monitorPath = config.monitor?.deployment === name ? config.monitor.prediction : undefined;
    const out: PredictOutput = {
      url, request: body, status: res.status, response,
      prediction: monitorPath && res.ok ? readJsonPath(response as Json, monitorPath) : undefined,
      prediction_id: res.headers.get('ponte-prediction-id'), latency_ms: latency,
    };
    if (args.values.json) process.stdout.write(renderJson(out));
    else {
      process.stdout.write(`POST ${url}\n  request:  ${JSON.stringify(body)}\n  answer:   ${res.status} ${typeof response === 'string' ? response : JSON.stringify(response)}\n`);
      process.stdout.write(`  id:       ${out.prediction_id ?? '-'}   (${latency.toFixed(1)} ms)\n`);
    }
    return res.ok ? 0 : 1;
  },
};

function readData(value: string): unknown {
  const text = value.startsWith('@') ? readText(value.slice(1)) : value;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PonteError('usage.bad_data', `--data is not JSON: ${(e as Error).message}`, { file: value.startsWith('@') ? value.slice(1) : undefined, hint: `e.g. --data '{"age": 42}' or --data @request.json` });
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw fromSystemError(e, file, 'read');
  }
}

/** The backend the proxy runs in: --backend / PONTE_BACKEND, else the local server of this folder. */
async function backendUrl(root: string, backend?: string, token?: string): Promise<{ url: string; token?: string }> {
  const url = backend ?? process.env.PONTE_BACKEND;
  if (url) return { url, token: token ?? process.env.PONTE_TOKEN };
  const server = await readServerFile(root);
  if (!server) throw new PonteError('predict.no_backend', 'no backend serves this project, so no proxy can forward the request', { hint: 'start one with ponte serve (the editor starts one too), or pass --backend URL' });
  return { url: server.url, token: token ?? server.token ?? process.env.PONTE_TOKEN };
}

/** A plausible request: the first present value of each feature in the reference dataset. */
async function sampleRequest(config: PonteConfig): Promise<Record<string, Json>> {
  const ref = config.monitor?.reference ? config.datasets.find((d) => d.name === config.monitor!.reference) : undefined;
  if (!ref) {
    throw new PonteError('predict.no_sample', 'there is no request to send: give --data, or set monitor.reference to a dataset whose rows are requests', { file: config.file, hint: `e.g. ponte predict NAME --data '{"age": 42}'` });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the loaders only when a sample is needed
  const { loadTable } = require('../../core/drift') as typeof import('../../core/drift');
  const table = await loadTable(path.resolve(config.root, ref.path));
  const wanted = config.monitor?.features.length ? config.monitor.features : table.columns.map((c) => c.name);
  const body: Record<string, Json> = {};
  for (const name of wanted) {
    const c = table.columns.find((x) => x.name === name);
    if (!c) continue;
    body[name] = c.kind === 'numeric' ? (c.values.length ? c.values[0] : null) : c.codes.length ? c.dictionary[c.codes[0]] : c.dictionary[0] ?? null;
  }
  return body;
}
