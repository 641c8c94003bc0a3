import { describe, expect, it } from 'vitest';
import { useMock } from './mock.mjs';

const m = useMock();
const authors = async () => (await m.api('GET', '/items/authors?fields=id,name&sort=id&limit=-1')).body.data;

describe('state between tests', () => {
  it('a write is undone by the next reset', async () => {
    expect((await m.api('POST', '/items/authors', { name: 'Temporary' })).status).toBe(200);
    expect((await authors()).map((a) => a.name)).toContain('Temporary');
  });

  it('starts from the fixture again', async () => {
    expect((await authors()).map((a) => a.name)).not.toContain('Temporary');
  });

  it('saves and restores a named state', async () => {
    await m.api('POST', '/items/authors', { name: 'Saved' });
    await m.mock.snapshot('with-saved');
    await m.api('POST', '/items/authors', { name: 'Later' });
    await m.mock.restore('with-saved');
    const names = (await authors()).map((a) => a.name);
    expect(names).toContain('Saved');
    expect(names).not.toContain('Later');
    await expect(m.mock.restore('never-saved')).rejects.toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('repeats ids and keys after a reset when seeded', async () => {
    await m.mock.seedIds(42);
    const first = [(await m.api('POST', '/users', { email: 'a@example.com' })).body.data.id,
      (await m.api('POST', '/items/authors', { name: 'A' })).body.data.id];
    await m.mock.reset();
    await m.mock.seedIds(42);
    const again = [(await m.api('POST', '/users', { email: 'a@example.com' })).body.data.id,
      (await m.api('POST', '/items/authors', { name: 'A' })).body.data.id];
    expect(again).toEqual(first);
  });
});
