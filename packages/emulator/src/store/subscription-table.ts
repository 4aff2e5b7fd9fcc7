import type { Channel, Subscription, SubscriptionStatus } from './recipient.js';

const NONE: readonly number[] = Object.freeze([]);

function insertSorted(ids: number[], id: number): void {
  const last = ids[ids.length - 1];
  if (last === undefined || id > last) {
    ids.push(id); // ids are handed out in order: the usual case
    return;
  }
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as number) < id) lo = mid + 1;
    else hi = mid;
  }
  if (ids[lo] !== id) ids.splice(lo, 0, id);
}

function removeSorted(ids: number[], id: number): void {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as number) < id) lo = mid + 1;
    else hi = mid;
  }
  if (ids[lo] === id) ids.splice(lo, 1);
}

/**
 * The subscriptions of an account (keyed `listId:recipientId:channel`), a `Map` that also keeps, per list, channel
 * and status, the recipient ids in id order — so that a page of a list's recipients costs the page, not the list
 * (issue 19: a 10,000-recipient list was scanned and sorted for every page). The index follows `set`, `delete`
 * and `clear`; a row's status changed in place must be `set` again (`AccountData.setSubscription` does).
 */
export class SubscriptionTable extends Map<string, Subscription> {
  private readonly buckets = new Map<string, number[]>();
  /** The bucket each subscription key is indexed in. */
  private readonly placed = new Map<string, number[]>();

  override set(key: string, row: Subscription): this {
    super.set(key, row);
    const bucketKey = `${row.listId}:${row.channel}:${row.status}`;
    let bucket = this.buckets.get(bucketKey);
    const before = this.placed.get(key);
    if (before !== undefined && before === bucket) return this;
    if (before !== undefined) removeSorted(before, row.recipientId);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(bucketKey, bucket);
    }
    insertSorted(bucket, row.recipientId);
    this.placed.set(key, bucket);
    return this;
  }

  override delete(key: string): boolean {
    const row = super.get(key);
    const bucket = this.placed.get(key);
    if (row !== undefined && bucket !== undefined) removeSorted(bucket, row.recipientId);
    this.placed.delete(key);
    return super.delete(key);
  }

  override clear(): void {
    super.clear();
    this.buckets.clear();
    this.placed.clear();
  }

  /** Recipient ids subscribed to a list with this status on a channel, ascending. A live view: do not change it. */
  recipientIds(listId: number, status: SubscriptionStatus, channel: Channel): readonly number[] {
    return this.buckets.get(`${listId}:${channel}:${status}`) ?? NONE;
  }
}
