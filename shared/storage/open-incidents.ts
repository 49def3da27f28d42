import type { OpenIncidentsQuery } from '../ports.js';

/**
 * The console's list of open incidents (DESIGN §14) as both adapters page it: index entries (the DynamoDB store's
 * `byMonth` `OPEN` partition, or an ASP's `openByAsp` partitions merged), newest first, filtered by accounts,
 * `limit` at a time.
 *
 * The cursor says where the next page starts without naming any incident: the `openedAt` of the last entry
 * returned and how many entries of that same time were already read. So it is opaque to the user (no fingerprint,
 * account id or key in a URL), and a page resumes with a key condition `openedAt <= t`.
 */
export type OpenCursor = { readonly openedAt: number; readonly skip: number };

/** One entry of the index as the adapters read it: the time, the accounts, and what fetches the incident. */
export type OpenEntry<T> = {
  readonly openedAt: number;
  readonly accounts: readonly string[];
  readonly ref: T;
};

const CURSOR = /^(\d{1,16})\.(\d{1,9})$/;

export const encodeCursor = (cursor: OpenCursor): string =>
  Buffer.from(`${cursor.openedAt}.${cursor.skip}`).toString('base64url');

/** Reads a cursor back; anything this store did not make is a `RangeError`. */
export const decodeCursor = (cursor: string): OpenCursor => {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) throw new RangeError('openIncidents: the cursor is not one this store returned');
  return { openedAt: Number(match[1]), skip: Number(match[2]) };
};

/**
 * Which entries a query keeps. `asp` needs the registry (`aspOfAccount`): without one the store cannot tell,
 * and says so rather than list nothing or everything.
 */
export const openFilter = (
  query: OpenIncidentsQuery,
  aspOfAccount: ((accountId: string) => string | undefined) | undefined,
): ((accounts: readonly string[]) => boolean) => {
  if (query.asp !== undefined && aspOfAccount === undefined) {
    throw new Error('openIncidents: an ASP filter needs the account registry (store option aspOfAccount)');
  }
  const wanted = query.accounts === undefined ? undefined : new Set(query.accounts);
  const { asp } = query;
  return (accounts) =>
    (wanted === undefined || accounts.some((account) => wanted.has(account))) &&
    (asp === undefined || accounts.some((account) => aspOfAccount?.(account) === asp));
};

/** Checks a page size: a positive whole number. */
export const checkLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`openIncidents: limit must be a positive whole number, got ${limit}`);
  }
  return limit;
};

/**
 * Several streams of entries, each newest first, as one stream newest first. Entries of the same time keep the
 * order of their streams, so a cursor's count of entries at a time means the same on every page. Each stream is
 * read only as far as the merge needs it.
 */
export async function* mergeNewestFirst<T>(
  streams: readonly AsyncIterator<OpenEntry<T>>[],
): AsyncGenerator<OpenEntry<T>> {
  const heads = await Promise.all(streams.map((stream) => stream.next()));
  for (;;) {
    let newest = -1;
    heads.forEach((head, i) => {
      if (head.done) return;
      const best = heads[newest];
      if (newest < 0 || (best !== undefined && !best.done && head.value.openedAt > best.value.openedAt))
        newest = i;
    });
    if (newest < 0) return;
    const head = heads[newest] as IteratorYieldResult<OpenEntry<T>>;
    yield head.value;
    heads[newest] = await (streams[newest] as AsyncIterator<OpenEntry<T>>).next();
  }
}

/**
 * One page from entries in list order (newest first) that start at the cursor's time (`openedAt <= t`): skips what
 * earlier pages read, keeps `limit` entries the filter accepts, and reads one more to know whether a next page
 * exists (so the last page has no cursor).
 */
export const readOpenPage = async <T>(
  entries: AsyncIterable<OpenEntry<T>> | Iterable<OpenEntry<T>>,
  keep: (accounts: readonly string[]) => boolean,
  limit: number,
  cursor: OpenCursor | undefined,
): Promise<{ readonly refs: readonly T[]; readonly cursor?: string }> => {
  checkLimit(limit);
  const found: { ref: T; at: OpenCursor }[] = [];
  let time = cursor?.openedAt;
  let read = 0;
  for await (const entry of entries) {
    if (cursor !== undefined && entry.openedAt > cursor.openedAt) continue;
    if (entry.openedAt !== time) {
      time = entry.openedAt;
      read = 0;
    }
    read++;
    if (cursor !== undefined && entry.openedAt === cursor.openedAt && read <= cursor.skip) continue;
    if (!keep(entry.accounts)) continue;
    if (found.length === limit) {
      return {
        refs: found.map(({ ref }) => ref),
        cursor: encodeCursor((found.at(-1) as { at: OpenCursor }).at),
      };
    }
    found.push({ ref: entry.ref, at: { openedAt: entry.openedAt, skip: read } });
  }
  return { refs: found.map(({ ref }) => ref) };
};
