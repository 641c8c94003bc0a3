// Shared by the test files: a mock of the FIXTURE directory, reset before every test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startDirectusMock } from 'directus-mock';

export function useMock(env = {}) {
  const holder = {};
  beforeAll(async () => {
    holder.mock = await startDirectusMock({ fixture: process.env.FIXTURE, env });
  });
  beforeEach(async () => holder.mock.reset());
  afterAll(async () => holder.mock?.stop());
  holder.api = async (method, path, body) => {
    const r = await fetch(`${holder.mock.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${holder.mock.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
  return holder;
}
