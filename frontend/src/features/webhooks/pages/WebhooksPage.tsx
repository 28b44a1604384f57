import {
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { formatDateTime } from '../../joint/format';
import { useWebhookSubscriptions } from '../api';
import { StateBadge } from '../components/StateBadge';
import '../webhooks.css';

/** The organisation's webhooks: where each sends to, how many events, and whether it works. */
export default function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const status = (location.state as { status?: string } | null)?.status ?? '';
  const subscriptions = useWebhookSubscriptions();
  return (
    <>
      <PageHeading>{t('webhooks.title')}</PageHeading>
      <Paragraph>{t('webhooks.intro')}</Paragraph>
      <p role="status" className={status ? 'kompas-status' : 'visually-hidden'}>
        {status}
      </p>
      <div className="kompas-actions">
        <ButtonRouterLink to="/admin/webhooks/new" appearance="primary-action">
          {t('webhooks.new')}
        </ButtonRouterLink>
      </div>
      {subscriptions.isPending ? (
        <Loading />
      ) : subscriptions.isError ? (
        <LoadError error={subscriptions.error} />
      ) : subscriptions.items.length === 0 ? (
        <Paragraph>{t('webhooks.empty')}</Paragraph>
      ) : (
        <>
          <div className="kompas-webhooks-scroll">
            <Table className="kompas-table">
              <TableCaption className="visually-hidden">{t('webhooks.title')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('webhooks.url')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('webhooks.eventTypes')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('webhooks.status')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('webhooks.failingSince')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {subscriptions.items.map((subscription) => (
                  <TableRow key={subscription.id}>
                    <TableCell>
                      <RouterLink to={`/admin/webhooks/${subscription.id}`} className="kompas-webhook-url">
                        {subscription.url}
                      </RouterLink>
                      {subscription.description && <div>{subscription.description}</div>}
                    </TableCell>
                    <TableCell>{t('webhooks.eventTypesCount', { count: subscription.eventTypes.length })}</TableCell>
                    <TableCell>
                      <StateBadge subscription={subscription} />
                      {subscription.disabledReason && <div>{subscription.disabledReason}</div>}
                    </TableCell>
                    <TableCell>
                      {subscription.failingSince ? formatDateTime(subscription.failingSince, i18n.language) : t('webhooks.notFailing')}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <LoadMore list={subscriptions} />
        </>
      )}
    </>
  );
}
