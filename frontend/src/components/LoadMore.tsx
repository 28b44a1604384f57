import { Button } from '@utrecht/component-library-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Paged {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  items: unknown[];
}

/**
 * "Meer laden" under a list read page by page with the API's cursor. After a click it tells
 * screen reader users (politely) how many are shown now; it disappears when there is no next page.
 */
export function LoadMore({ list, label }: { list: Paged; label?: string }) {
  const { t } = useTranslation();
  const [used, setUsed] = useState(false);
  return (
    <div className="kompas-load-more">
      {list.hasNextPage && (
        <Button
          type="button"
          appearance="secondary-action-button"
          busy={list.isFetchingNextPage}
          disabled={list.isFetchingNextPage}
          onClick={() => {
            setUsed(true);
            void list.fetchNextPage();
          }}
        >
          {label ?? t('common.loadMore')}
        </Button>
      )}
      <p role="status" className="visually-hidden">
        {used && !list.isFetchingNextPage ? t('common.shownCount', { count: list.items.length }) : ''}
      </p>
    </div>
  );
}
