import { Alert, Button, ButtonLink, Heading1, Paragraph } from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../../../api';
import { getLastEndReason, lastEndedAtIdentityProvider, startSession } from '../../../auth/session';
import { useSession } from '../../../auth/useMe';
import { TextField } from '../../../components/form/fields';
import type { FieldErrors } from '../../../lib/messages';
import { validate } from '../../../lib/validation';
import { LoginFrame } from '../components/LoginFrame';
import { safeNext } from '../next';

/**
 * The login with the municipality's identity provider, when Kompas has one: the link to the
 * provider (prepared ahead, with a fresh state, nonce and PKCE verifier), or, after a provider
 * session expired, straight back through the provider without asking (prompt=none).
 */
function useProviderLogin(next: string, silentFailed: boolean, wanted: boolean) {
  const config = useQuery({
    queryKey: ['auth-config'],
    queryFn: () => unwrap(api.GET('/auth/config')),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const oidc = (wanted && config.data?.oidc) || null;
  const relogin = oidc !== null && !silentFailed && getLastEndReason() === 'expired' && lastEndedAtIdentityProvider();
  const [url, setUrl] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);

  useEffect(() => {
    if (!oidc) return;
    let active = true;
    import('../../../auth/oidc')
      .then(({ prepareLogin }) => prepareLogin(oidc, { next, silent: relogin }))
      .then(
        (prepared) => {
          if (!active) return;
          if (relogin) window.location.assign(prepared);
          else setUrl(prepared);
        },
        () => active && setUnavailable(true),
      );
    return () => {
      active = false;
    };
  }, [oidc, next, relogin]);

  return { enabled: oidc !== null, url, unavailable, relogin: relogin && !unavailable };
}

export default function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const location = useLocation();
  // The callback sends the user here when a silent login at the provider did not work.
  const silentFailed = (location.state as { expired?: boolean } | null)?.expired === true;
  const expired = getLastEndReason() === 'expired' || silentFailed;
  const provider = useProviderLogin(safeNext(params.get('next')), silentFailed, session === null);

  useEffect(() => {
    document.title = `${t('login.title')} – Kompas`;
  }, [t]);

  if (session) return <Navigate to={safeNext(params.get('next'))} replace />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate({ email, password }, { email: { required: true }, password: { required: true } });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const { data, error, response } = await api.POST('/auth/token', {
        body: { grant_type: 'password', username: email.trim(), password, scope: '' },
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      if (!data) throw new ApiError(response.status, (error as never) ?? null);
      queryClient.clear();
      startSession(data);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      setFailure(
        error instanceof ApiError && (error.status === 400 || error.status === 401)
          ? t('login.badCredentials')
          : error instanceof ApiError && error.status === 429
            ? t('login.tooMany')
            : t('errors.network'),
      );
      requestAnimationFrame(() => alertRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  return (
    <LoginFrame>
      <Heading1>{t('login.title')}</Heading1>
      <Paragraph>{provider.enabled ? t('oidc.intro') : t('login.intro')}</Paragraph>
      {provider.relogin ? (
        <Alert type="info">
          <Paragraph role="status">{t('oidc.relogin')}</Paragraph>
        </Alert>
      ) : (
        expired &&
        !failure && (
          <Alert type="info">
            <Paragraph>{t('login.expired')}</Paragraph>
          </Alert>
        )
      )}
      {failure && (
        <div ref={alertRef} tabIndex={-1} className="kompas-form-messages">
          <Alert type="error">
            <Paragraph>{failure}</Paragraph>
          </Alert>
        </div>
      )}
      {provider.enabled && !provider.relogin && (
        <div className="kompas-form">
          {provider.url && (
            <Paragraph>
              <ButtonLink appearance="primary-action-button" href={provider.url}>
                {t('oidc.button')}
              </ButtonLink>
            </Paragraph>
          )}
          {provider.unavailable && (
            <Alert type="warning">
              <Paragraph>{t('oidc.unavailable')}</Paragraph>
            </Alert>
          )}
          <Paragraph>{t('oidc.orPassword')}</Paragraph>
        </div>
      )}
      <form noValidate onSubmit={onSubmit} className="kompas-form" aria-label={t('login.title')}>
        <TextField
          name="email"
          label={t('login.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
          error={errors.email ?? null}
        />
        <TextField
          name="password"
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={errors.password ?? null}
        />
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {t('login.submit')}
        </Button>
      </form>
    </LoginFrame>
  );
}
