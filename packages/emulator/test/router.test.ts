import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.js';

const ok = () => ({ status: 200 });

describe('Router', () => {
  it('matches literal segments case-insensitively and keeps the original case of captured params', () => {
    const router = new Router();
    router.add('GET', '/Console/List/{id}/Recipients', { protocol: 'rest' }, ok);
    const { match } = router.match('get', '/console/LIST/AbC/recipients');
    expect(match?.params).toEqual({ id: 'AbC' });
    expect(match?.info).toMatchObject({ method: 'GET', pattern: '/Console/List/{id}/Recipients' });
  });

  it('defaults the operation to "METHOD pattern" and keeps an explicit one', () => {
    const router = new Router();
    router.add('post', '/a/{x}', { protocol: 'rest' }, ok);
    router.add('GET', '/b', { protocol: 'soap', operation: 'GetB', tags: { auth: 'bearer' } }, ok);
    expect(router.match('POST', '/a/1').match?.info.operation).toBe('POST /a/{x}');
    expect(router.match('GET', '/b').match?.info).toMatchObject({ operation: 'GetB', tags: { auth: 'bearer' } });
  });

  it('prefers the route with more literal segments whatever the registration order', () => {
    const router = new Router();
    router.add('GET', '/lists/{id}', { protocol: 'rest', operation: 'param' }, ok);
    router.add('GET', '/lists/count', { protocol: 'rest', operation: 'literal' }, ok);
    router.add('GET', '/{a}/{b}', { protocol: 'rest', operation: 'all-params' }, ok);
    expect(router.match('GET', '/Lists/Count').match?.info.operation).toBe('literal');
    expect(router.match('GET', '/lists/7').match?.info.operation).toBe('param');
    expect(router.match('GET', '/x/y').match?.info.operation).toBe('all-params');
  });

  it('ignores empty segments (double and trailing slashes) and needs the same segment count', () => {
    const router = new Router();
    router.add('GET', '/a/b', { protocol: 'rest' }, ok);
    expect(router.match('GET', '//a/b/').match).toBeDefined();
    expect(router.match('GET', '/a').match).toBeUndefined();
    expect(router.match('GET', '/a/b/c').match).toBeUndefined();
  });

  it('reports the methods a path allows when the method does not match (405), none when the path is unknown', () => {
    const router = new Router();
    router.add('GET', '/items', { protocol: 'rest' }, ok);
    router.add('POST', '/items', { protocol: 'rest' }, ok);
    expect(router.match('DELETE', '/items')).toEqual({ match: undefined, allowed: ['GET', 'POST'] });
    expect(router.match('DELETE', '/nothing')).toEqual({ match: undefined, allowed: [] });
  });

  it('lets a "*" route answer every method', () => {
    const router = new Router();
    router.add('*', '/any', { protocol: 'frontend' }, ok);
    expect(router.match('PATCH', '/ANY').match).toBeDefined();
  });

  it('refuses a duplicate route, even when only the case differs', () => {
    const router = new Router();
    router.add('GET', '/Items/{id}', { protocol: 'rest' }, ok);
    expect(() => router.add('get', '/items/{id}', { protocol: 'rest' }, ok)).toThrow(/already registered: GET/);
    expect(() => router.add('POST', '/items/{id}', { protocol: 'rest' }, ok)).not.toThrow();
  });
});
