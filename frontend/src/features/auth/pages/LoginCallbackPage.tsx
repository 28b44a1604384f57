import { Alert, Heading1, Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { completeLogin, OidcFailure } from '../../../auth/oidc';
import { startProviderSession } from '../../../auth/session';
import { ButtonRouterLink } from '../../../components/RouterLink';
import { LoginFrame } from '../components/LoginFrame';
import { safeNext } from '../next';

// One completion per answer of the provider: its code and state work once, and React may run
// the effect twice (StrictMode). `used` keeps a session from being started twice from one answer
// (the back button to this page after a logout must not bring the old session back).
interface Completion {
  result: ReturnType<typeof completeLogin>;
  used: boolean;
}
const completions = new Map<string, Completion>();

function complete(href: string): Completion {
  let completion = completions.get(href);
  if (!completion) {
    completion = { result: completeLogin(new URL(href)), used: false };
    completions.set(href, completion);
  }
  return completion;
}

/** Where the identity provider sends the browser back to: completes the login, or says why not. */
export default function LoginCallbackPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<OidcFailure | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${t('login.title')} – Kompas`;
  }, [t]);

  useEffect(() => {
    let active = true;
    const completion = complete(window.location.href);
    completion.result.then(
      ({ session, next }) => {
        if (!active) return;
        if (completion.used) {
          navigate('/login', { replace: true });
          return;
        }
        completion.used = true;
        queryClient.clear();
        startProviderSession(session);
        navigate(safeNext(next), { replace: true });
      },
      (error: unknown) => {
        if (!active) return;
        const found = error instanceof OidcFailure ? error : new OidcFailure('provider', String(error));
        if (found.kind === 'loginRequired') {
          // A silent attempt after the session expired: the provider wants the user to log in.
          const next = safeNext(found.next);
          navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, {
            replace: true,
            state: { expired: true },
          });
          return;
        }
        setFailure(found);
        requestAnimationFrame(() => alertRef.current?.focus());
      },
    );
    return () => {
      active = false;
    };
  }, [navigate, queryClient]);

  const next = safeNext(failure?.next);
  return (
    <LoginFrame>
      <Heading1>{t('login.title')}</Heading1>
      {failure ? (
        <>
          <div ref={alertRef} tabIndex={-1} className="kompas-form-messages">
            <Alert type="error">
              <Paragraph>
                <strong>{t('oidc.failed')}</strong>
              </Paragraph>
              <Paragraph>{t(`oidc.errors.${failure.kind}`)}</Paragraph>
            </Alert>
          </div>
          <Paragraph>
            <ButtonRouterLink
              to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`}
              appearance="primary-action"
              replace
            >
              {t('oidc.again')}
            </ButtonRouterLink>
          </Paragraph>
        </>
      ) : (
        <Paragraph className="kompas-loading" role="status">
          {t('oidc.completing')}
        </Paragraph>
      )}
    </LoginFrame>
  );
}
