import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Commitment = Schemas['CommitmentRead'];
export type CommitmentWrite = Schemas['CommitmentWrite'];
export type CommitmentExport = Schemas['CommitmentExport'];

/** The limits of the API's CommitmentWrite (backend/kompas/commitments/schemas.py). */
export const COMMITMENT_LIMITS = { words: 2000, step: 500 } as const;
/** The name the API gives the export (its Content-Disposition). */
export const EXPORT_FILE = 'kompas-mijn-inzet.json';

export const commitmentKeys = {
  all: ['commitments'] as const,
  mine: ['commitments', 'mine'] as const,
  shared: ['commitments', 'shared'] as const,
};

/** My own commitment with its ETag, or null when I have made none (the API answers 404). */
export function useMyCommitment() {
  return useQuery({
    queryKey: commitmentKeys.mine,
    queryFn: async () => {
      try {
        return await withEtag(api.GET('/commitments/mine'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** The commitments colleagues shared (my own is not among them: it has its own form). */
export function useSharedCommitments() {
  return usePagedList([...commitmentKeys.shared], (cursor) =>
    unwrap(api.GET('/commitments', { params: { query: { shared: true, limit: 50, cursor } } })),
  );
}

/**
 * Make my commitment (no ETag yet: an empty If-Match, which the API reads as none) or replace it
 * (with the ETag of the version edited).
 */
export function saveMyCommitment(body: CommitmentWrite, etag: string | null) {
  return withEtag(api.PUT('/commitments/mine', { params: { header: { 'If-Match': etag ?? '' } }, body }));
}

export function deleteMyCommitment(etag: string) {
  return withEtag(api.DELETE('/commitments/mine', { params: { header: { 'If-Match': etag } } }));
}

/** Everything Kompas holds of my commitment, saved as a JSON file by the browser. */
export async function downloadMyCommitment(): Promise<void> {
  const data = await unwrap(api.GET('/commitments/mine/export'));
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = EXPORT_FILE;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
