import { describe, expect, it } from 'vitest';
import { useMock } from './mock.mjs';

const m = useMock({ DIRECTUS_MOCK_NOW: '2030-01-01T00:00:00Z' });

describe('journal, faults and clock', () => {
  it('journals requests with their caller', async () => {
    await m.api('GET', '/items/authors?limit=1');
    const [entry] = await m.mock.journal({ path: '/items/*' });
    expect(entry).toMatchObject({ method: 'GET', path: '/items/authors', status: 200, query: { limit: '1' } });
    expect(entry.user).toBeTypeOf('string');
  });

  it('answers injected faults, then serves again', async () => {
    await m.mock.fault({ method: 'GET', path: '/items/authors*', code: 'SERVICE_UNAVAILABLE', times: 1 });
    const failed = await m.api('GET', '/items/authors');
    expect(failed.status).toBe(503);
    expect(failed.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect((await m.api('GET', '/items/authors')).status).toBe(200);
    await expect(m.mock.fault({ path: 'no-slash' })).rejects.toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
  });

  it('runs on a fixed clock that can be advanced', async () => {
    const clock = await m.mock.advanceClock(3600);
    expect(clock.now).toBe('2030-01-01T01:00:00.000Z');
  });

  it('is back at the start-up clock after a reset', async () => {
    expect((await m.mock.setClock(null)).set).toBe(false);
    await m.mock.reset();
    expect((await m.mock.journal()).length).toBe(0);
  });
});
