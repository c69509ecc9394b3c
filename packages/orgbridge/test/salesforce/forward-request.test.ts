import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../src/errors.ts';
import { forwardRequest } from '../../src/salesforce/index.ts';

const INSTANCE = 'https://acme.my.salesforce.com';
const TOKEN = '00Dxx0000000001!AQ.access-token-for-tests';

/** A fetch that answers with `response` and remembers what it was sent. */
function answering(response: () => Response) {
  const sent: Array<{ url: string; init: RequestInit }> = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    sent.push({ url: input instanceof Request ? input.url : input.toString(), init: init ?? {} });
    return Promise.resolve(response());
  };
  return { fetch, sent };
}

const forward = (path: string, fetch: typeof globalThis.fetch, extra: object = {}) =>
  forwardRequest({
    instanceUrl: INSTANCE,
    accessToken: TOKEN,
    method: 'GET',
    path,
    headers: {},
    fetch,
    ...extra,
  });

test('paths that could leave the instance are refused before anything is sent', async () => {
  const { fetch, sent } = answering(() => new Response('{}'));
  for (const path of [
    'services/data',
    '//evil.example/x',
    '/https://evil.example/x',
    '/services/../x',
    '/services/./x',
    '/services/%2e%2e/x',
    '/services/%2E./x',
    '/services%2F..%2Fx',
    '/services%5cx',
    '/services//data',
    '/services/%zz',
  ]) {
    await assert.rejects(forward(path, fetch), (e) => isAppError(e, 'VALIDATION_FAILED'), path);
  }
  assert.equal(sent.length, 0);
});

test('only Salesforce request headers travel, with the bearer token; only relevant headers come back', async () => {
  const { fetch, sent } = answering(
    () =>
      new Response('{"ok":true}', {
        status: 200,
        headers: {
          'content-type': 'application/json;charset=UTF-8',
          'sforce-limit-info': 'api-usage=5/15000',
          'set-cookie': 'BrowserId=abc',
          'x-internal': 'nope',
        },
      }),
  );
  const answer = await forward('/services/data/v62.0/query?q=SELECT+Id+FROM+Account', fetch, {
    headers: {
      authorization: 'Bearer obk_workspace_key',
      cookie: 'a=b',
      'sforce-query-options': 'batchSize=200',
      'content-type': 'application/json',
      'x-forwarded-for': '10.0.0.1',
    },
  });
  const headers = new Headers(sent[0]!.init.headers);
  assert.equal(sent[0]!.url, `${INSTANCE}/services/data/v62.0/query?q=SELECT+Id+FROM+Account`);
  assert.equal(headers.get('authorization'), `Bearer ${TOKEN}`);
  assert.equal(headers.get('sforce-query-options'), 'batchSize=200');
  assert.equal(headers.get('cookie'), null);
  assert.equal(headers.get('x-forwarded-for'), null);
  assert.deepEqual(answer.headers, {
    'content-type': 'application/json;charset=UTF-8',
    'sforce-limit-info': 'api-usage=5/15000',
  });
  assert.equal(answer.sessionExpired, false);
});

test('a 401 INVALID_SESSION_ID is flagged for one refresh; a password-expired 401 is not', async () => {
  const expired = answering(
    () =>
      new Response('[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]', {
        status: 401,
        headers: { 'content-type': 'application/json' },
      }),
  );
  const answer = await forward('/services/data/v62.0/limits', expired.fetch);
  assert.equal(answer.status, 401);
  assert.equal(answer.sessionExpired, true);
  assert.ok(answer.body instanceof Uint8Array, 'the body was read and is returned as is');

  const password = answering(
    () =>
      new Response(
        '[{"message":"expired","errorCode":"INVALID_OPERATION_WITH_EXPIRED_PASSWORD"}]',
        {
          status: 401,
          headers: { 'content-type': 'application/json' },
        },
      ),
  );
  const passwordAnswer = await forward('/services/data', password.fetch);
  assert.equal(passwordAnswer.sessionExpired, false);
  assert.deepEqual(passwordAnswer.outcome, { kind: 'needs_reauth', reason: 'password_expired' });
});
