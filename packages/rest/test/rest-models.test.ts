import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it, vi } from 'vitest';
import {
  type Collection,
  checkResponse,
  filter,
  MODELS,
  orderBy,
  Paged,
  pageQuery,
  paginate,
  parseWcfXml,
  type RestCaller,
} from '../src/index.js';

describe('filterby / orderby builder', () => {
  it('quotes and escapes values so user input cannot change the expression', () => {
    expect(filter.contains('Email', "o'hara").expression).toBe("Email.Contains('o''hara')");
    const hostile = "x') || (1==1) || ('";
    expect(filter.eq('Email', hostile).expression).toBe("Email=='x'') || (1==1) || ('''");
    expect(filter.and(filter.eq({ field: 'città' }, 'Roma'), filter.gt('idRecipient', 10)).expression).toBe(
      "(Fields['città']=='Roma') && (idRecipient>10)",
    );
    expect(filter.not(filter.startsWith('Name', 'A')).expression).toBe("!(Name.StartsWith('A'))");
    expect(filter.or(filter.eq('Enabled', true), filter.eq('Notes', null)).expression).toBe(
      '(Enabled==true) || (Notes==null)',
    );
    expect(orderBy(['Email', 'asc'], ['idRecipient', 'desc'])).toBe('Email asc;idRecipient desc');
    expect(orderBy({ field: "o'k" })).toBe("Fields['o''k'] asc");
  });

  it('refuses property names and values that are not what they claim, as validation errors', () => {
    for (const bad of [
      () => filter.eq('Email) || true || (x', 'a'),
      () => filter.eq('Email', Number.NaN),
      () => filter.eq('Email', {} as never),
      () => filter.and(),
      () => filter.and("Email=='x'" as never),
      () => orderBy(['Email', 'sideways' as never]),
      () => filter.raw('a\nb'),
    ]) {
      expect(bad).toThrow(expect.objectContaining({ kind: 'validation', protocol: 'rest' }));
    }
  });

  it('puts the expressions in the query, and refuses a hand-written string for filterby or a bad orderby', () => {
    expect(
      pageQuery('op', { pageSize: 50, pageNumber: 2, filterby: filter.eq('idList', 1), orderby: 'Name desc' }),
    ).toEqual({ pageSize: '50', pageNumber: '2', filterby: '"idList==1"', orderby: '"Name desc"' });
    expect(() => pageQuery('op', { filterby: 'idList==1' as never })).toThrow(/filter\.\*/);
    expect(() => pageQuery('op', { orderby: 'Name desc;" || 1' })).toThrow(/orderBy/);
    expect(() => pageQuery('op', { pageSize: 0 })).toThrow(/positive/);
  });
});

describe('pagination', () => {
  const pages =
    (total: number, size: number) =>
    async (n: number): Promise<Collection<number>> => {
      const items = Array.from({ length: total }, (_, i) => i).slice(n * size, n * size + size);
      return {
        IsPaginated: total > size,
        Items: items,
        PageNumber: n,
        PageSize: size,
        Skipped: n * size,
        TotalElementsCount: total,
      };
    };

  it('walks every page from 0 and stops once TotalElementsCount is covered (no extra request)', async () => {
    const seen: number[] = [];
    const fetch = pages(45, 20);
    const out: number[] = [];
    for await (const i of paginate(async (n) => {
      seen.push(n);
      return fetch(n);
    }))
      out.push(i);
    expect(out).toEqual(Array.from({ length: 45 }, (_, i) => i));
    expect(seen).toEqual([0, 1, 2]);
  });

  it('stops on an empty page even when the total says more (a collection that shrank)', async () => {
    const seen: number[] = [];
    const out: number[] = [];
    const lying = async (n: number): Promise<Collection<number>> => {
      seen.push(n);
      return {
        IsPaginated: true,
        Items: n === 0 ? [1, 2] : [],
        PageNumber: n,
        PageSize: 2,
        Skipped: 2 * n,
        TotalElementsCount: 10,
      };
    };
    for await (const i of paginate(lying)) out.push(i);
    expect([out, seen]).toEqual([
      [1, 2],
      [0, 1],
    ]);
  });

  it('Paged passes the page size, filter and order on every page', async () => {
    const calls: unknown[] = [];
    const caller: RestCaller = {
      call: async (_op, input) => {
        calls.push(input.query);
        const n = Number(input.query?.pageNumber);
        return {
          IsPaginated: true,
          Items: n < 2 ? [n] : [],
          PageNumber: n,
          PageSize: 1,
          Skipped: n,
          TotalElementsCount: 2,
        } as never;
      },
    };
    const paged = new Paged<number>(caller, 'GET Console/List', {}, { pageSize: 1, filterby: filter.eq('a', 1) });
    expect(await paged.toArray()).toEqual([0, 1]);
    expect(calls).toEqual([
      { pageSize: '1', pageNumber: '0', filterby: '"a==1"' },
      { pageSize: '1', pageNumber: '1', filterby: '"a==1"' },
    ]);
  });
});

describe('models checked at the boundary', () => {
  it('a field of the wrong type is a typed error naming the field, not an undefined later', () => {
    const shape = { kind: 'collection', item: MODELS.group } as const;
    const body = {
      IsPaginated: false,
      Items: [
        { Count: null, Deletable: false, Name: 'A', Notes: '', idGroup: 6, idList: 1 },
        { Name: 'B', idGroup: '7' },
      ],
      PageNumber: 0,
      PageSize: 20,
      Skipped: 0,
      TotalElementsCount: 2,
    };
    const error = (() => {
      try {
        checkResponse(shape, body, 'GET Console/List/{idList}/Groups');
      } catch (e) {
        return e;
      }
    })();
    expect(MailUpError.is(error, 'permanent')).toBe(true);
    expect(error).toMatchObject({ details: { field: 'Items[1].Count' } });
    expect(String((error as Error).message)).toMatch(/Items\[1\]\.Count should be number\?, got undefined/);
  });

  it('bare scalars and empty bodies', () => {
    expect(checkResponse({ kind: 'int' }, 16, 'x')).toBe(16);
    expect(() => checkResponse({ kind: 'int' }, '16', 'x')).toThrow(/an integer/);
    expect(checkResponse({ kind: 'empty' }, undefined, 'x')).toBeUndefined();
  });

  it('WCF XML parses into the same values as JSON (types from the model, nil as null, one-item arrays)', () => {
    const xml =
      '<?xml version="1.0"?><CollectionOfConsoleGroupItem xmlns="http://MailupSoa.Ws.Schema.API"><IsPaginated>false</IsPaginated>' +
      '<Items><ConsoleGroupItem xmlns="http://MailupSoa.Ws.Schema.API.Console"><Count i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/>' +
      '<Deletable>true</Deletable><Name>A &amp; B</Name><Notes></Notes><idGroup>6</idGroup><idList>1</idList></ConsoleGroupItem></Items>' +
      '<PageNumber>0</PageNumber><PageSize>20</PageSize><Skipped>0</Skipped><TotalElementsCount>1</TotalElementsCount></CollectionOfConsoleGroupItem>';
    expect(checkResponse({ kind: 'collection', item: MODELS.group }, parseWcfXml(xml), 'x', 'xml')).toEqual({
      IsPaginated: false,
      Items: [{ Count: null, Deletable: true, Name: 'A & B', Notes: '', idGroup: 6, idList: 1 }],
      PageNumber: 0,
      PageSize: 20,
      Skipped: 0,
      TotalElementsCount: 1,
    });
    expect(
      checkResponse(
        { kind: 'int' },
        parseWcfXml('<int xmlns="http://schemas.microsoft.com/2003/10/Serialization/">16</int>'),
        'x',
        'xml',
      ),
    ).toBe(16);
  });
});

describe('the WCF XML reader refuses a DOCTYPE (issue 16 item 18)', () => {
  it.each([
    ['an internal entity', '<!DOCTYPE int [<!ENTITY x "expanded">]><int>&x;</int>'],
    ['a billion-laughs style chain', '<!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;">]><a>&l2;</a>'],
    ['a lower-case doctype', '<?xml version="1.0"?><!doctype int><int>1</int>'],
    ['an external entity', '<!DOCTYPE int SYSTEM "file:///etc/passwd"><int>1</int>'],
  ])('%s is a SyntaxError, nothing expanded', (_what, xml) => {
    expect(() => parseWcfXml(xml)).toThrow(SyntaxError);
    expect(() => parseWcfXml(xml)).toThrow(/DOCTYPE/);
  });

  it('the five predefined entities are still decoded', () => {
    expect(parseWcfXml('<s>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</s>')).toBe('a & b <c> "d" \'e\'');
  });
});

describe('a paged answer is checked without compiling anything per page (issue 17)', () => {
  it('the CollectionOf<model> envelope is compiled on the first page only (it was compiled again for every page)', () => {
    const shape = { kind: 'collection', item: MODELS.group } as const;
    const page = {
      IsPaginated: false,
      Items: [{ Count: 1, Deletable: true, Name: 'g', Notes: '', idGroup: 1, idList: 1 }],
      PageNumber: 0,
      PageSize: 20,
      Skipped: 0,
      TotalElementsCount: 1,
    };
    expect(checkResponse(shape, page, 'GET x')).toBe(page); // the first page compiles the envelope
    // model() freezes what it compiles: a page that freezes nothing compiled nothing.
    const freeze = vi.spyOn(Object, 'freeze');
    try {
      for (let i = 0; i < 3; i++) expect(checkResponse(shape, page, 'GET x')).toBe(page);
      expect(freeze).not.toHaveBeenCalled();
      // A mismatch is still named by field on the reused envelope.
      expect(() => checkResponse(shape, { ...page, Items: [{ ...page.Items[0], idGroup: 'x' }] }, 'GET x')).toThrow(
        /Items\[0\]\.idGroup should be number/,
      );
    } finally {
      freeze.mockRestore();
    }
  });
});
