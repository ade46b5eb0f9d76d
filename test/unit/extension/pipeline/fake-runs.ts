// Runs and a backend holding them, for the Experiments-view tests and the tree benchmark.
import type { PonteApi, Run, SearchRunsInput } from '../../../../src/core/api';

export function fakeRun(i: number, extra: Partial<Run> = {}): Run {
  const t = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    id: `${String(i).padStart(8, '0')}aaaaaaaaaaaaaaaaaaaaaaaa`, project: 'churn', name: null, status: 'finished', gitCommit: 'abc', gitDirty: false,
    params: { 'train.C': 1, 'train.model': 'logistic' }, metrics: { accuracy: 0.8 + (i % 10) / 100, f1: 0.7, roc_auc: 0.9 },
    dataHashes: {}, durations: { train: 1000 }, gates: null, tags: {}, createdAt: t, updatedAt: t, endedAt: t, ...extra,
  };
}

/** A backend holding `n` runs, newest first, paged by an offset token; counts its calls. */
export function fakeApi(n: number): { api: PonteApi; calls: SearchRunsInput[] } {
  const runs = Array.from({ length: n }, (_, i) => fakeRun(n - i));
  const calls: SearchRunsInput[] = [];
  const api = {
    async searchRuns(input: SearchRunsInput = {}) {
      calls.push(input);
      const start = Number(input.pageToken ?? 0);
      const limit = input.limit ?? 100;
      const items = runs.slice(start, start + limit);
      return { items, ...(start + limit < runs.length ? { nextPageToken: String(start + limit) } : {}) };
    },
  } as unknown as PonteApi;
  return { api, calls };
}
