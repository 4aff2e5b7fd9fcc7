import { describe, expect, it } from 'vitest';
import { EmulatorStore } from '../src/index.js';

describe('EmulatorStore', () => {
  it('seeds one account with two lists, a group per list, an SMTP+ user on list 1 and its web services', () => {
    const store = new EmulatorStore();
    const id = store.seeded.id;
    const data = store.account(id);
    expect([...data.lists.values()].map((l) => [l.id, l.name])).toEqual([
      [1, 'Newsletter'],
      [2, 'Customers'],
    ]);
    expect([...data.groups.values()].map((g) => g.listId)).toEqual([1, 2]);
    expect(store.smtpUser(`S${id}_1`)).toMatchObject({ username: `s${id}_1`, listId: 1, accountId: id, enabled: true });
    expect(data.service('FrontEnd')).toMatchObject({ enabled: true, checkIp: false });
    expect(store.listByGuid(data.list(2).guid.toUpperCase())?.id).toBe(2);
  });

  it('keeps one recipient per email or mobile number and merges what each channel adds', () => {
    const data = new EmulatorStore().account(51234);
    const byEmail = data.upsertRecipient({ email: 'Ann@Example.com' }, { name: 'Ann', fields: { 1: 'Ann' } });
    const byMobile = data.upsertRecipient(
      { email: 'ann@example.com', mobilePrefix: '0039', mobileNumber: '3350000001' },
      { fields: { 4: 'Cremona' } },
    );
    expect(byMobile).toBe(byEmail);
    expect(data.findRecipient({ mobileNumber: '3350000001' })).toBe(byEmail);
    expect(byEmail).toMatchObject({ email: 'ann@example.com', mobilePrefix: '0039', name: 'Ann' });
    expect(Object.fromEntries(byEmail.fields)).toEqual({ 1: 'Ann', 4: 'Cremona' });
    expect(() => data.upsertRecipient({})).toThrow(/needs an email or a mobile number/);
  });

  it('tracks a subscription per list and channel with the opt-in request, opt-in and opt-out dates', () => {
    const data = new EmulatorStore().account(51234);
    const r = data.upsertRecipient({ email: 'bob@example.com', mobileNumber: '3350000002' });
    data.setSubscription(1, r.id, 'pending', 1_000);
    data.setSubscription(1, r.id, 'subscribed', 2_000);
    data.setSubscription(1, r.id, 'subscribed', 2_500, 'sms');
    data.setSubscription(1, r.id, 'unsubscribed', 3_000);
    expect(data.subscription(1, r.id)).toEqual({
      listId: 1,
      recipientId: r.id,
      channel: 'email',
      status: 'unsubscribed',
      optinRequestDate: 1_000,
      optinDate: 2_000,
      optoutDate: 3_000,
    });
    expect(data.subscription(1, r.id, 'sms')?.status).toBe('subscribed');
    expect(data.subscription(2, r.id)).toBeUndefined();
    expect(data.recipientsOf(1, 'unsubscribed')).toEqual([r]);
    expect(data.recipientsOf(1, 'subscribed', 'sms')).toEqual([r]);
    expect(() => data.setSubscription(9, r.id, 'subscribed', 0)).toThrow(/no list 9/);
  });

  it('adds recipients to groups idempotently and lists the groups of a recipient', () => {
    const data = new EmulatorStore().account(51234);
    const r = data.upsertRecipient({ email: 'c@example.com' });
    const vip = data.addGroup(1, 'VIP');
    expect(data.addToGroup(vip.id, r.id, 5)).toBe(data.addToGroup(vip.id, r.id, 9));
    expect(data.groupsOf(r.id)).toEqual([vip.id]);
    expect(data.removeFromGroup(vip.id, r.id)).toBe(true);
    expect(data.groupsOf(r.id)).toEqual([]);
    expect(() => data.addToGroup(999, r.id, 0)).toThrow(/no group 999/);
  });

  it('hands out ids per account and refuses a list id twice', () => {
    const store = new EmulatorStore({ lists: [{ id: 7, name: 'Seven' }] });
    const data = store.account(store.seeded.id);
    expect(data.addList({ name: 'Next' }).id).toBe(8);
    expect(() => data.addList({ id: 7, name: 'Again' })).toThrow(/list 7 already exists/);
    const message = data.addMessage({ listId: 7, channel: 'email', subject: 'Hi', content: '<p>Hi</p>', createdAt: 1 });
    const sending = data.addSending({
      messageId: message.id,
      listId: 7,
      groupId: undefined,
      status: 'queued',
      createdAt: 2,
      scheduledAt: undefined,
      recipientIds: [],
    });
    expect([message.id, sending.id]).toEqual([1, 1]);
    expect(() => store.account(1)).toThrow(/no account 1/);
  });

  it('answers whether a web service admits an address: switch off, allow-list on', () => {
    const data = new EmulatorStore().account(51234);
    expect(data.serviceAllows('FrontEnd', '10.0.0.1')).toBe(true);
    data.service('FrontEnd').checkIp = true;
    expect(data.serviceAllows('FrontEnd', '10.0.0.1')).toBe(false);
    data.service('FrontEnd').allowedIps.add('10.0.0.1');
    expect(data.serviceAllows('FrontEnd', '10.0.0.1')).toBe(true);
    data.service('FrontEnd').enabled = false;
    expect(data.serviceAllows('FrontEnd', '10.0.0.1')).toBe(false);
  });

  it('lists every secret it holds, for scanners that check logs', () => {
    const store = new EmulatorStore();
    store.account(51234).setSmsListSecret(1, 'sms-secret-guid');
    store.oauth.accessTokens.set('tok-abc', { accountId: 51234, clientId: 'c', family: 'f', expiresAt: 1 });
    const secrets = store.secrets();
    expect(secrets).toEqual(
      expect.arrayContaining([
        store.seeded.consolePassword,
        store.seeded.apiPassword,
        store.seeded.oauthClient.clientSecret,
        store.smtpUser('s51234_1')?.secret,
        'sms-secret-guid',
        'tok-abc',
      ]),
    );
  });
});
