import { Alert, Button, Heading1, Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../../../api';
import { getLastEndReason, startSession } from '../../../auth/session';
import { useSession } from '../../../auth/useMe';
import { LanguageSwitch } from '../../../components/AppShell';
import { TextField } from '../../../components/form/fields';
import type { FieldErrors } from '../../../lib/messages';
import { validate } from '../../../lib/validation';

/** Only paths inside the app, so a crafted link cannot send the user elsewhere after login. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
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
  const expired = getLastEndReason() === 'expired';

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
    <div className="kompas-app">
      <header className="kompas-header">
        <div className="kompas-header__inner">
          <div className="kompas-brand">
            <span className="kompas-brand__name">Kompas</span>
          </div>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="kompas-login">
        <Heading1>{t('login.title')}</Heading1>
        <Paragraph>{t('login.intro')}</Paragraph>
        {expired && !failure && (
          <Alert type="info">
            <Paragraph>{t('login.expired')}</Paragraph>
          </Alert>
        )}
        {failure && (
          <div ref={alertRef} tabIndex={-1} className="kompas-form-messages">
            <Alert type="error">
              <Paragraph>{failure}</Paragraph>
            </Alert>
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
      </main>
    </div>
  );
}
