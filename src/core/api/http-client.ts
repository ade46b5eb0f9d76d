// PonteApi over HTTP: what the CLI uses with `--backend URL` or a running local server, and what
// the extension uses for a remote backend. Server errors come back as the same PonteErrors the
// embedded store throws, so callers handle one kind of failure.
import { PonteError } from '../errors';
import type {
  Alert,
  AuditEntry,
  AuditInput,
  CreateRunInput,
  DatasetVersion,
  Deployment,
  DeploymentChange,
  DriftReportInput,
  ListDriftReportsInput,
  StoredDriftReport,
  FeedbackInput,
  FeedbackResult,
  FireAlertInput,
  Json,
  ReferenceProfile,
  HealthInfo,
  IngestResult,
  ListAlertsInput,
  ListAuditInput,
  ListPredictionsInput,
  MetricInput,
  ModelVersion,
  MonitoringWindow,
  Page,
  ParamValue,
  PonteApi,
  PonteEvent,
  Prediction,
  PredictionInput,
  RecordWindowInput,
  RegisterDatasetVersionInput,
  RegisterModelVersionInput,
  Run,
  RunDetail,
  RunPlot,
  RunPlotInput,
  SearchRunsInput,
  UpdateRunInput,
  UpsertDeploymentInput,
} from './types';

export interface HttpClientOptions {
  /** Base URL, e.g. http://127.0.0.1:7777 */
  url: string;
  token?: string;
  /** Bound on one request, so a hung server cannot hang a CLI. Default 120 s. */
  timeoutMs?: number;
}

const seg = encodeURIComponent;

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export class HttpClient implements PonteApi {
  readonly url: string;
  private readonly token?: string;
  private readonly timeoutMs: number;
  private readonly streams = new Set<AbortController>();

  constructor(options: HttpClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.token ? { ...extra, authorization: `Bearer ${this.token}` } : extra;
  }

  private failed(e: unknown): PonteError {
    if ((e as Error)?.name === 'TimeoutError') {
      return new PonteError('backend.timeout', `the Ponte backend at ${this.url} did not answer within ${Math.round(this.timeoutMs / 1000)} s`, {
        hint: 'the server may be overloaded or hung; check its log',
        cause: e,
      });
    }
    return this.unreachable(e);
  }

  private unreachable(e: unknown): PonteError {
    return new PonteError('backend.unreachable', `cannot reach the Ponte backend at ${this.url}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`, {
      hint: "start one with 'ponte serve', or check --backend / PONTE_BACKEND",
      cause: e,
    });
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url + path, {
        method,
        headers: this.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw this.failed(e);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw this.failed(e);
    }
    if (!res.ok) {
      let err: { code?: string; message?: string; hint?: string } = {};
      try {
        err = (JSON.parse(text) as { error?: typeof err }).error ?? {};
      } catch {
        // not our JSON: a proxy or another server answered
      }
      throw new PonteError(err.code ?? `http.${res.status}`, err.message ?? `the backend answered ${res.status} ${res.statusText}`, {
        hint: err.hint ?? (res.status === 401 ? 'set the backend token (PONTE_TOKEN, or "Ponte: Set Backend Token" in the editor)' : undefined),
      });
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  health(): Promise<HealthInfo> {
    return this.request('GET', '/api/v1/health');
  }

  createRun(input: CreateRunInput): Promise<Run> {
    return this.request('POST', '/api/v1/runs', input);
  }
  updateRun(id: string, patch: UpdateRunInput): Promise<Run> {
    return this.request('PATCH', `/api/v1/runs/${seg(id)}`, patch);
  }
  async logMetrics(runId: string, metrics: MetricInput[]): Promise<void> {
    await this.request('POST', `/api/v1/runs/${seg(runId)}/metrics`, { metrics });
  }
  async logParams(runId: string, params: Record<string, ParamValue>): Promise<void> {
    await this.request('POST', `/api/v1/runs/${seg(runId)}/params`, { params });
  }
  getRun(id: string): Promise<RunDetail> {
    return this.request('GET', `/api/v1/runs/${seg(id)}`);
  }
  searchRuns(input: SearchRunsInput = {}): Promise<Page<Run>> {
    return this.request('POST', '/api/v1/runs/search', input);
  }
  async deleteRun(id: string): Promise<void> {
    await this.request('DELETE', `/api/v1/runs/${seg(id)}`);
  }
  async putRunPlots(runId: string, plots: RunPlotInput[]): Promise<void> {
    await this.request('PUT', `/api/v1/runs/${seg(runId)}/plots`, { plots });
  }
  listRunPlots(runId: string): Promise<RunPlot[]> {
    return this.request('GET', `/api/v1/runs/${seg(runId)}/plots`);
  }

  registerModelVersion(input: RegisterModelVersionInput): Promise<ModelVersion> {
    const { name, ...rest } = input;
    return this.request('POST', `/api/v1/models/${seg(name)}/versions`, rest);
  }
  listModelVersions(name?: string): Promise<ModelVersion[]> {
    return this.request('GET', name === undefined ? '/api/v1/models' : `/api/v1/models/${seg(name)}/versions`);
  }
  getModelVersion(name: string, version: number): Promise<ModelVersion> {
    return this.request('GET', `/api/v1/models/${seg(name)}/versions/${seg(String(version))}`);
  }
  setAlias(name: string, alias: string, version: number): Promise<ModelVersion> {
    return this.request('PUT', `/api/v1/models/${seg(name)}/aliases/${seg(alias)}`, { version });
  }
  async getAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
    try {
      return await this.request<ModelVersion>('GET', `/api/v1/models/${seg(name)}/aliases/${seg(alias)}`);
    } catch (e) {
      if (e instanceof PonteError && e.code === 'api.not_found') return undefined;
      throw e;
    }
  }

  registerDatasetVersion(input: RegisterDatasetVersionInput): Promise<DatasetVersion> {
    const { name, ...rest } = input;
    return this.request('POST', `/api/v1/datasets/${seg(name)}/versions`, rest);
  }
  listDatasetVersions(name?: string): Promise<DatasetVersion[]> {
    return this.request('GET', name === undefined ? '/api/v1/datasets' : `/api/v1/datasets/${seg(name)}/versions`);
  }

  upsertDeployment(input: UpsertDeploymentInput): Promise<Deployment> {
    const { name, ...rest } = input;
    return this.request('PUT', `/api/v1/deployments/${seg(name)}`, rest);
  }
  getDeployment(name: string): Promise<Deployment> {
    return this.request('GET', `/api/v1/deployments/${seg(name)}`);
  }
  listDeployments(): Promise<Deployment[]> {
    return this.request('GET', '/api/v1/deployments');
  }
  deploymentHistory(name: string): Promise<DeploymentChange[]> {
    return this.request('GET', `/api/v1/deployments/${seg(name)}/history`);
  }

  setMonitorSettings(name: string, monitor: Record<string, Json>): Promise<Deployment> {
    return this.request('PUT', `/api/v1/deployments/${seg(name)}/monitor`, { monitor });
  }

  ingestPredictions(predictions: PredictionInput[]): Promise<IngestResult> {
    return this.request('POST', '/api/v1/predictions', { predictions });
  }
  listPredictions(input: ListPredictionsInput): Promise<Page<Prediction>> {
    return this.request('GET', `/api/v1/predictions${query({ ...input })}`);
  }
  addFeedback(labels: FeedbackInput[]): Promise<FeedbackResult> {
    return this.request('POST', '/api/v1/feedback', { labels });
  }

  recordWindow(input: RecordWindowInput): Promise<MonitoringWindow> {
    return this.request('POST', '/api/v1/windows', input);
  }
  listWindows(deployment: string, limit?: number): Promise<MonitoringWindow[]> {
    return this.request('GET', `/api/v1/deployments/${seg(deployment)}/windows${query({ limit })}`);
  }

  putReferenceProfile(dataset: string, hash: string, profile: Record<string, Json>): Promise<ReferenceProfile> {
    return this.request('PUT', `/api/v1/reference-profiles/${seg(dataset)}/${seg(hash)}`, { profile });
  }
  async getReferenceProfile(dataset: string, hash: string): Promise<ReferenceProfile | undefined> {
    try {
      return await this.request<ReferenceProfile>('GET', `/api/v1/reference-profiles/${seg(dataset)}/${seg(hash)}`);
    } catch (e) {
      if (e instanceof PonteError && e.code === 'api.not_found') return undefined;
      throw e;
    }
  }

  addDriftReport(input: DriftReportInput): Promise<StoredDriftReport> {
    return this.request('POST', '/api/v1/drift-reports', input);
  }
  listDriftReports(input: ListDriftReportsInput = {}): Promise<StoredDriftReport[]> {
    return this.request('GET', `/api/v1/drift-reports${query({ ...input })}`);
  }

  fireAlert(input: FireAlertInput): Promise<Alert> {
    return this.request('POST', '/api/v1/alerts', input);
  }
  listAlerts(input: ListAlertsInput = {}): Promise<Page<Alert>> {
    return this.request('GET', `/api/v1/alerts${query({ ...input })}`);
  }
  acknowledgeAlert(id: string, by?: string): Promise<Alert> {
    return this.request('POST', `/api/v1/alerts/${seg(id)}/acknowledge`, by === undefined ? {} : { by });
  }

  appendAudit(input: AuditInput): Promise<AuditEntry> {
    return this.request('POST', '/api/v1/audit', input);
  }
  listAudit(input: ListAuditInput = {}): Promise<Page<AuditEntry>> {
    return this.request('GET', `/api/v1/audit${query({ ...input })}`);
  }

  /** Follows /api/v1/events (Server-Sent Events), reconnecting after a drop until unsubscribed.
   * `onState` reports whether the stream is connected, for status displays. */
  subscribe(listener: (event: PonteEvent) => void, onState?: (connected: boolean) => void): () => void {
    const abort = new AbortController();
    this.streams.add(abort);
    const loop = async () => {
      let delay = 500;
      while (!abort.signal.aborted) {
        try {
          const res = await fetch(`${this.url}/api/v1/events`, { headers: this.headers({ accept: 'text/event-stream' }), signal: abort.signal });
          if (!res.ok || !res.body) throw new Error(`status ${res.status}`);
          onState?.(true);
          delay = 500;
          await readEventStream(res.body, listener);
        } catch {
          // dropped or refused: retry below
        }
        if (abort.signal.aborted) break;
        onState?.(false);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    };
    void loop();
    return () => {
      abort.abort();
      this.streams.delete(abort);
    };
  }

  async close(): Promise<void> {
    for (const a of this.streams) a.abort();
    this.streams.clear();
  }
}

/** Reads `data:` lines of an SSE stream; one JSON event per message. */
export async function readEventStream(body: ReadableStream<Uint8Array>, listener: (event: PonteEvent) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = message
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) {
        try {
          listener(JSON.parse(data) as PonteEvent);
        } catch {
          // a malformed message is skipped, the stream goes on
        }
      }
    }
  }
}
