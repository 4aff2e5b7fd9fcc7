import type { EmulatorModule, EmulatorRequest } from '../../src/index.js';

/** The table the items module keeps (its own, not domain data), so tests can see whether a change was applied. */
export interface ItemsTable {
  items: string[];
}

/** Where the test module lives; no MailUp path starts with it. */
export const ITEMS_PATH = '/EmuTest/Items';

/**
 * A tiny protocol module for emulator tests: POST adds an item (a change tests can observe), GET lists them,
 * GET /{id} echoes the captured param, GET /special is a literal that must beat `{id}`.
 */
export function itemsModule(): EmulatorModule & { table(req?: EmulatorRequest): ItemsTable } {
  const items: ItemsTable = { items: [] };
  return {
    name: 'test-items',
    table: () => items,
    install(ctx) {
      ctx.route('POST', ITEMS_PATH, { protocol: 'client', operation: 'AddItem' }, (req) => {
        items.items.push(req.body.toString('utf8'));
        return { status: 201, json: { count: items.items.length } };
      });
      ctx.route('GET', ITEMS_PATH, { protocol: 'client', operation: 'ListItems' }, () => ({
        status: 200,
        json: { items: items.items },
      }));
      ctx.route('GET', `${ITEMS_PATH}/{id}`, { protocol: 'client', operation: 'GetItem' }, (req) => ({
        status: 200,
        json: { by: 'param', id: req.params.id },
      }));
      ctx.route('GET', `${ITEMS_PATH}/special`, { protocol: 'client', operation: 'GetSpecial' }, () => ({
        status: 200,
        json: { by: 'literal' },
      }));
      ctx.route('GET', `${ITEMS_PATH}/{id}/Tags/{tag}`, { protocol: 'client' }, (req) => ({
        status: 200,
        json: { params: req.params, operation: req.route?.operation },
      }));
    },
  };
}
