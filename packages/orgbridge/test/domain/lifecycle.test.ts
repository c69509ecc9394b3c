import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionState } from '../../src/domain/connection-status.ts';
import { nextState, type LifecycleInput } from '../../src/domain/lifecycle.ts';

const state = (
  status: ConnectionState['status'],
  reason: ConnectionState['reason'] = null,
  before: ConnectionState['statusBeforeDisable'] = null,
): ConnectionState => ({
  status,
  reason,
  statusBeforeDisable: before,
});

function run(start: ConnectionState, inputs: LifecycleInput[]) {
  let current = start;
  const events: string[] = [];
  for (const input of inputs) {
    const outcome = nextState(current, input);
    current = outcome.state;
    events.push(...outcome.events);
  }
  return { state: current, events };
}

test('the first authorization activates a pending connection and announces it created', () => {
  assert.deepEqual(run(state('pending'), [{ kind: 'authorized' }]), {
    state: state('active'),
    events: ['connection.created'],
  });
});

test('a transient failure degrades once and never asks for re-authorization', () => {
  const out = run(state('active'), [
    { kind: 'transient_failure', reason: 'salesforce_unavailable' },
    { kind: 'transient_failure', reason: 'network_error' },
    { kind: 'transient_failure', reason: 'network_error' },
  ]);
  assert.deepEqual(out, {
    state: state('degraded', 'network_error'),
    events: ['connection.degraded'],
  });
});

test('recovery from degraded is announced once', () => {
  const out = run(state('degraded', 'network_error'), [
    { kind: 'succeeded' },
    { kind: 'succeeded' },
  ]);
  assert.deepEqual(out, { state: state('active'), events: ['connection.restored'] });
});

test('a refused grant moves to needs_reauth with its reason, announced once per reason', () => {
  const out = run(state('active'), [
    { kind: 'credential_invalid', reason: 'user_inactive' },
    { kind: 'credential_invalid', reason: 'user_inactive' },
    { kind: 'credential_invalid', reason: 'refresh_token_revoked' },
  ]);
  assert.deepEqual(out, {
    state: state('needs_reauth', 'refresh_token_revoked'),
    events: ['connection.needs_reauth', 'connection.needs_reauth'],
  });
});

test('neither a transient failure nor a success leaves needs_reauth; re-authorization does', () => {
  const out = run(state('needs_reauth', 'user_inactive'), [
    { kind: 'transient_failure', reason: 'salesforce_unavailable' },
    { kind: 'succeeded' },
  ]);
  assert.deepEqual(out.state, state('needs_reauth', 'user_inactive'));
  assert.deepEqual(nextState(out.state, { kind: 'authorized' }), {
    state: state('active'),
    events: ['connection.reauthorized'],
  });
});

test('disabled ignores everything but enable, which returns to the previous status', () => {
  const disabled = run(state('needs_reauth', 'password_expired'), [{ kind: 'disable' }]);
  assert.deepEqual(disabled, {
    state: state('disabled', 'password_expired', 'needs_reauth'),
    events: ['connection.disabled'],
  });
  const ignored = run(disabled.state, [
    { kind: 'authorized' },
    { kind: 'credential_invalid', reason: 'user_inactive' },
    { kind: 'disable' },
  ]);
  assert.deepEqual(ignored, { state: disabled.state, events: [] });
  assert.deepEqual(nextState(disabled.state, { kind: 'enable' }), {
    state: state('needs_reauth', 'password_expired'),
    events: ['connection.enabled'],
  });
});

test('re-authorizing a degraded connection announces both the re-authorization and the recovery', () => {
  assert.deepEqual(nextState(state('degraded', 'network_error'), { kind: 'authorized' }).events, [
    'connection.reauthorized',
    'connection.restored',
  ]);
});

test('a missing permission degrades a working connection until a check finds it granted again', () => {
  const out = run(state('active'), [
    { kind: 'permissions_missing' },
    { kind: 'permissions_missing' },
    { kind: 'succeeded' },
    { kind: 'transient_failure', reason: 'timeout' },
    { kind: 'authorized' },
  ]);
  assert.deepEqual(out, {
    state: state('degraded', 'permissions_missing'),
    events: ['connection.degraded', 'permissions.missing', 'connection.reauthorized'],
  });
  assert.deepEqual(run(out.state, [{ kind: 'permissions_restored' }]), {
    state: state('active'),
    events: ['permissions.restored', 'connection.restored'],
  });
});

test('permission findings do not touch a connection that needs re-authorization or is disabled', () => {
  for (const start of [state('needs_reauth', 'user_inactive'), state('disabled', null, 'active')]) {
    assert.deepEqual(
      run(start, [{ kind: 'permissions_missing' }, { kind: 'permissions_restored' }]),
      { state: start, events: [] },
    );
  }
});
