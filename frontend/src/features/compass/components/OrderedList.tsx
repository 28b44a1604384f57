import { Button, Heading3, Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { moveChanges } from '../../../lib/reorder';
import { setPosition } from '../api';

interface Item {
  id: string;
  position?: number;
  description: string;
  label: string;
}

/**
 * A list of compass records (drivers, phases, work formats). Editors get an edit link per record
 * and, where the order matters, buttons to move it up or down.
 */
export function CompassList({
  items,
  kind,
  editPath,
  detailPath,
  canEdit,
  reorderable,
  queryKey,
}: {
  items: Item[];
  kind: 'drivers' | 'phases' | 'workFormats';
  editPath: (id: string) => string;
  /** Where an item's own page is (a driver's chain), when it has one. */
  detailPath?: (id: string) => string;
  canEdit: boolean;
  reorderable: boolean;
  queryKey: readonly string[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState(false);
  const [status, setStatus] = useState('');
  const [failed, setFailed] = useState(false);

  if (items.length === 0) return <Paragraph>{t(`compass.${kind}.empty`)}</Paragraph>;

  const move = async (index: number, direction: -1 | 1) => {
    if (kind === 'workFormats') return;
    setMoving(true);
    setFailed(false);
    try {
      const changes = moveChanges(
        items.map((item) => ({ id: item.id, position: item.position ?? 0 })),
        index,
        direction,
      );
      for (const change of changes) await setPosition(kind, change.id, change.position);
      await queryClient.invalidateQueries({ queryKey });
      setStatus(t('compass.moved', { name: items[index].label, position: index + direction + 1 }));
    } catch {
      setFailed(true);
      setStatus(t('compass.moveFailed'));
      await queryClient.invalidateQueries({ queryKey });
    } finally {
      setMoving(false);
    }
  };

  return (
    <>
      <ol className="kompas-list">
        {items.map((item, index) => (
          <li key={item.id} className="kompas-ordered-item">
            <div>
              <Heading3>{detailPath ? <RouterLink to={detailPath(item.id)}>{item.label}</RouterLink> : item.label}</Heading3>
              {item.description && <Paragraph>{item.description}</Paragraph>}
            </div>
            {canEdit && (
              <div className="kompas-actions">
                {reorderable && (
                  <>
                    <Button
                      type="button"
                      appearance="subtle-button"
                      disabled={moving || index === 0}
                      onClick={() => void move(index, -1)}
                      aria-label={`${t('compass.moveUp')}: ${item.label}`}
                    >
                      {t('compass.moveUp')}
                    </Button>
                    <Button
                      type="button"
                      appearance="subtle-button"
                      disabled={moving || index === items.length - 1}
                      onClick={() => void move(index, 1)}
                      aria-label={`${t('compass.moveDown')}: ${item.label}`}
                    >
                      {t('compass.moveDown')}
                    </Button>
                  </>
                )}
                <ButtonRouterLink to={editPath(item.id)} appearance="secondary-action" aria-label={`${t('common.edit')}: ${item.label}`}>
                  {t('common.edit')}
                </ButtonRouterLink>
              </div>
            )}
          </li>
        ))}
      </ol>
      <p role={failed ? 'alert' : 'status'} className={status ? undefined : 'visually-hidden'}>
        {status}
      </p>
    </>
  );
}
