// The SSE reader: messages split across chunks at any byte, comments and retry lines skipped,
// a malformed message dropped without ending the stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEventStream, type PonteEvent } from '../../../../src/core/api';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const s of chunks) c.enqueue(enc.encode(s));
      c.close();
    },
  });
}

test('events split anywhere are put back together', async () => {
  const text = 'retry: 2000\n\n: ping\n\ndata: {"type":"run.deleted","id":"a"}\n\ndata: not json\n\ndata: {"type":"run.deleted","id":"é😀"}\n\n';
  const bytes = Buffer.from(text);
  for (let cut = 1; cut < bytes.length; cut += 7) {
    const events: PonteEvent[] = [];
    // split the raw bytes, even inside a multi-byte character
    const parts = [bytes.subarray(0, cut), bytes.subarray(cut)];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(new Uint8Array(p));
        c.close();
      },
    });
    await readEventStream(body, (e) => events.push(e));
    assert.deepEqual(events, [{ type: 'run.deleted', id: 'a' }, { type: 'run.deleted', id: 'é😀' }], `cut at ${cut}`);
  }
  const events: PonteEvent[] = [];
  await readEventStream(streamOf(['data: {"type":"run.deleted",', '"id":"b"}\n', '\n']), (e) => events.push(e));
  assert.deepEqual(events, [{ type: 'run.deleted', id: 'b' }]);
});
