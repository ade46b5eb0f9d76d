// What `ponte retrain` says when retrain.mode is ask and no one approved: the version it built
// and how to deploy that very version. `ponte retrain --approve` runs a new retrain (and registers
// another version), so it is not the way to approve the one built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awaitingApprovalDetail } from '../../../../src/core/retrain';

test('built, not approved: the commands that deploy the built version, not a second retrain', () => {
  const text = awaitingApprovalDetail('production', 3);
  assert.match(text, /v3/);
  assert.match(text, /ponte deploy production --model 3/);
  assert.match(text, /ponte model promote 3 --to production/);
  assert.doesNotMatch(text, /waits for approval \(ponte retrain --approve/);
  // A deployment that is no alias name gets no promote.
  assert.doesNotMatch(awaitingApprovalDetail('eu-west', 5), /model promote/);
});
