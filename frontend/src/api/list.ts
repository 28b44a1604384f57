import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

/** One page of a collection, as every list of the API answers it. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/**
 * A collection read page by page with the API's cursor: `items` holds every page loaded so far,
 * `fetchNextPage` loads the next one ("Meer laden"), `hasNextPage` says whether there is one.
 */
export function usePagedList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  { enabled = true }: { enabled?: boolean } = {},
) {
  const query = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
  });
  const items: T[] = query.data?.pages.flatMap((page) => page.items) ?? [];
  return Object.assign(query, { items });
}

export type PagedList<T> = ReturnType<typeof usePagedList<T>>;
