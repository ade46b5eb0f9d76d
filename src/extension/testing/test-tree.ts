// Where each test sits in the Testing view, decided without the editor: a code test
// `tests/test_model.py::ModelTest::test_fit` goes under its file, then its class; a data check
// `data:train/age` under "Data checks", then its dataset. No vscode import: unit-tested.
import type { TestResult } from '../../core/testing';

export interface TestPathPart {
  id: string;
  label: string;
  /** Root-relative file the part stands for (a test file, or ponte.yaml for data checks). */
  file?: string;
  /** 1-based. */
  line?: number;
}

/** The chain of items from the top of the tree down to the test itself. */
export function testPath(r: Pick<TestResult, 'id' | 'name' | 'kind' | 'file' | 'line' | 'suite' | 'status'>): TestPathPart[] {
  if (r.kind === 'data') {
    const [dataset, column] = r.id.replace(/^data:/, '').split('/');
    const parts: TestPathPart[] = [{ id: 'data:', label: 'Data checks', file: r.file }, { id: `data:${dataset}`, label: dataset, file: r.file }];
    if (column !== undefined) parts.push({ id: r.id, label: column, file: r.file, line: r.line });
    else parts[1].line = r.line;
    return parts;
  }
  const segments = r.id.split('::');
  if (segments.length < 2) return [{ id: r.id, label: r.name, file: r.file, line: r.line }];
  const file = segments[0];
  const parts: TestPathPart[] = [{ id: file, label: file, file }];
  for (let i = 1; i < segments.length - 1; i++) parts.push({ id: segments.slice(0, i + 1).join('::'), label: segments[i], file });
  // A failure's line is where it failed; the item sits at its definition only when it passed.
  parts.push({ id: r.id, label: segments[segments.length - 1], file, line: r.status === 'passed' || r.status === 'skipped' ? r.line : undefined });
  return parts;
}
