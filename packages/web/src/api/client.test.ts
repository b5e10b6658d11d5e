import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Group, Unit } from './types';
import { api, fillPath } from './client';

describe('the client typed by route', () => {
  it('fills path parameters, URL-encoded, and refuses a missing one', () => {
    expect(fillPath('/units/:id', { id: 'a/b c' })).toBe('/units/a%2Fb%20c');
    expect(fillPath('/results/:year/units/:unitCode', { year: 2019, unitCode: 'XZ01' })).toBe(
      '/results/2019/units/XZ01',
    );
    expect(() => fillPath('/units/:id', {})).toThrow(':id');
    expect(fillPath('/groups')).toBe('/groups');
  });

  it('answers with what the route declares (checked by tsc, not at run time)', () => {
    // Only the types are looked at: the functions are never called.
    const unit = () => api.get('/units/:id', { params: { id: 'x' } });
    expectTypeOf(unit).returns.resolves.toEqualTypeOf<Unit>();
    const groups = () => api.get('/groups');
    expectTypeOf(groups).returns.resolves.toHaveProperty('items').items.toEqualTypeOf<Group>();
    const download = () => api.download('/results/:year/bulletin.docx', { params: { year: 2019 } });
    expectTypeOf(download).returns.resolves.toHaveProperty('blob').toEqualTypeOf<Blob>();

    // @ts-expect-error a path no route serves
    void (() => api.get('/no-such-route'));
    // @ts-expect-error /units/:id needs its id
    void (() => api.get('/units/:id'));
    // @ts-expect-error a body the route does not take
    void (() => api.post('/groups', { body: { nope: 1 } }));
    // @ts-expect-error GET /groups/:id is not a route (groups are listed, not read one by one)
    void (() => api.get('/groups/:id', { params: { id: 'x' } }));
  });
});
