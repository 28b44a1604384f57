// A mock identity provider for the e2e tests that speaks real OpenID Connect: discovery, the
// authorization endpoint (a small form to pick the e-mail address, or straight through with a
// login_hint or an existing session), the token endpoint (authorization code with PKCE S256, and
// refresh tokens), the keys (JWKS) and RP-initiated logout. ID tokens are signed RS256 with jose.
//
//   node e2e/idp.mjs --port 0 --app-origin http://127.0.0.1:8000 [--client-id kompas-web]
//
// It prints `idp: <issuer>` once it listens. The e2e runner (run.mjs) starts it before the API.
// For the tests only: POST <issuer>/_mock/settings with JSON {refreshTokens, idTokenSeconds}
// changes what it issues; GET <issuer>/_mock/log lists what happened at the token endpoint.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const REALM = '/realms/kompas';
const CODE_SECONDS = 60;

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const b64url = (buffer) => Buffer.from(buffer).toString('base64url');
const secret = () => b64url(randomBytes(32));

/** The name a person has in the mock directory: "fatima@voorbeeld.nl" is "Fatima". */
function nameOf(email) {
  const local = email.split('@')[0];
  return local.charAt(0).toUpperCase() + local.slice(1);
}

export async function startIdp({ port = 0, host = '127.0.0.1', appOrigin, clientId = 'kompas-web' }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const kid = `mock-${randomUUID().slice(0, 8)}`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const client = {
    clientId,
    redirectUris: [`${appOrigin}/login/callback`],
    postLogoutRedirectUris: [`${appOrigin}/login`],
  };
  const settings = { refreshTokens: true, idTokenSeconds: 300 };
  const transactions = new Map(); // authorization requests waiting for the form
  const codes = new Map(); // code -> { email, nonce, challenge, redirectUri, clientId, expires }
  const refreshTokens = new Map(); // refresh token -> { email }
  const sessions = new Map(); // session cookie -> email
  const log = [];
  let issuer = '';

  async function idToken(email, extra = {}) {
    return new SignJWT({ email, email_verified: true, name: nameOf(email), ...extra })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(client.clientId)
      .setSubject(createHash('sha256').update(email).digest('hex').slice(0, 32))
      .setIssuedAt()
      .setExpirationTime(`${settings.idTokenSeconds}s`)
      .sign(privateKey);
  }

  function send(res, status, body, headers = {}) {
    const json = typeof body !== 'string';
    res.writeHead(status, {
      'Content-Type': json ? 'application/json' : 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    });
    res.end(json ? JSON.stringify(body) : body);
  }

  function redirect(res, url, headers = {}) {
    res.writeHead(302, { Location: url, 'Cache-Control': 'no-store', ...headers });
    res.end();
  }

  /** CORS for the web app's origin only: discovery, token and keys are read by the browser. */
  function cors(req, res) {
    if (req.headers.origin === appOrigin) {
      res.setHeader('Access-Control-Allow-Origin', appOrigin);
      res.setHeader('Vary', 'Origin');
    }
  }

  function cookie(req, name) {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [key, ...value] = part.trim().split('=');
      if (key === name) return value.join('=');
    }
    return null;
  }

  async function body(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  }

  /** Send the browser back to the app with a code (or an error), as RFC 6749 4.1.2 says. */
  function answer(res, request, result, headers = {}) {
    const url = new URL(request.redirect_uri);
    for (const [name, value] of Object.entries(result)) url.searchParams.set(name, value);
    if (request.state) url.searchParams.set('state', request.state);
    redirect(res, url.href, headers);
  }

  function issueCode(request, email) {
    const code = secret();
    codes.set(code, {
      email,
      nonce: request.nonce,
      challenge: request.code_challenge,
      redirectUri: request.redirect_uri,
      clientId: request.client_id,
      expires: Date.now() + CODE_SECONDS * 1000,
    });
    return code;
  }

  function loginForm(txn, request, error = '') {
    return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Inloggen bij de gemeente (test)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 30rem; margin: 2rem auto">
<main>
<h1>Inloggen bij de gemeente</h1>
<p>Dit is de nep-inlogdienst van de end-to-endtests. Kies wie u bent.</p>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="${REALM}/protocol/openid-connect/auth">
<input type="hidden" name="txn" value="${escape(txn)}">
<p><label for="email">E-mailadres</label><br>
<input id="email" name="email" type="email" autocomplete="username" value="${escape(request.login_hint ?? '')}"></p>
<p><button type="submit" name="action" value="approve">Doorgaan</button>
<button type="submit" name="action" value="deny">Weigeren</button></p>
</form>
</main></body></html>`;
  }

  async function authorize(req, res, url) {
    if (req.method === 'POST') {
      const form = await body(req);
      const request = transactions.get(form.get('txn') ?? '');
      if (!request) return send(res, 400, '<!doctype html><html lang="nl"><title>Fout</title><p>Onbekende inlogpoging.</p></html>');
      if (form.get('action') === 'deny') {
        transactions.delete(form.get('txn'));
        return answer(res, request, { error: 'access_denied', error_description: 'The user declined.' });
      }
      const email = (form.get('email') ?? '').trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) return send(res, 200, loginForm(form.get('txn'), request, 'Vul een e-mailadres in.'));
      transactions.delete(form.get('txn'));
      const sid = secret();
      sessions.set(sid, email);
      return answer(res, request, { code: issueCode(request, email) }, {
        'Set-Cookie': `mockidp_session=${sid}; Path=${REALM}; HttpOnly; SameSite=Lax`,
      });
    }
    const request = Object.fromEntries(url.searchParams);
    // A wrong client or redirect URI is never redirected to (RFC 6749 4.1.2.1).
    if (request.client_id !== client.clientId || !client.redirectUris.includes(request.redirect_uri)) {
      return send(res, 400, '<!doctype html><html lang="nl"><title>Fout</title><p>Onbekende client of redirect_uri.</p></html>');
    }
    if (request.response_type !== 'code') return answer(res, request, { error: 'unsupported_response_type' });
    if (!request.code_challenge || request.code_challenge_method !== 'S256') {
      return answer(res, request, { error: 'invalid_request', error_description: 'PKCE with S256 is required.' });
    }
    if (!(request.scope ?? '').split(' ').includes('openid')) return answer(res, request, { error: 'invalid_scope' });
    const known = sessions.get(cookie(req, 'mockidp_session') ?? '');
    if (request.prompt === 'none') {
      return known ? answer(res, request, { code: issueCode(request, known) }) : answer(res, request, { error: 'login_required' });
    }
    if (request.login_hint && request.prompt !== 'login') {
      return answer(res, request, { code: issueCode(request, request.login_hint.toLowerCase()) });
    }
    const txn = secret();
    transactions.set(txn, request);
    return send(res, 200, loginForm(txn, request));
  }

  async function token(req, res) {
    const form = await body(req);
    const fail = (error, description) => {
      log.push({ grant: form.get('grant_type'), error });
      send(res, 400, { error, error_description: description });
    };
    if (form.get('client_id') !== client.clientId) return fail('invalid_client', 'Unknown client.');
    let email;
    let nonce;
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? ''); // one time, whatever happens next
      if (!code || code.expires < Date.now()) return fail('invalid_grant', 'The code is unknown, used or expired.');
      if (code.clientId !== form.get('client_id')) return fail('invalid_grant', 'The code is for another client.');
      if (code.redirectUri !== form.get('redirect_uri')) return fail('invalid_grant', 'The redirect_uri differs.');
      const verifier = form.get('code_verifier') ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || b64url(createHash('sha256').update(verifier).digest()) !== code.challenge) {
        return fail('invalid_grant', 'The code_verifier does not match the code_challenge.');
      }
      email = code.email;
      nonce = code.nonce;
    } else if (form.get('grant_type') === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      refreshTokens.delete(form.get('refresh_token') ?? ''); // rotated on every use
      if (!grant) return fail('invalid_grant', 'The refresh token is unknown or used.');
      email = grant.email;
    } else {
      return fail('unsupported_grant_type', 'Only authorization_code and refresh_token.');
    }
    const answer = {
      access_token: secret(),
      token_type: 'Bearer',
      expires_in: settings.idTokenSeconds,
      id_token: await idToken(email, nonce ? { nonce } : {}),
      scope: 'openid email profile',
    };
    if (settings.refreshTokens) {
      answer.refresh_token = secret();
      refreshTokens.set(answer.refresh_token, { email });
    }
    log.push({ grant: form.get('grant_type'), email, refreshToken: Boolean(answer.refresh_token) });
    return send(res, 200, answer);
  }

  function logout(req, res, url) {
    const sid = cookie(req, 'mockidp_session');
    if (sid) sessions.delete(sid);
    const clear = { 'Set-Cookie': `mockidp_session=; Path=${REALM}; HttpOnly; SameSite=Lax; Max-Age=0` };
    log.push({ logout: true, idTokenHint: Boolean(url.searchParams.get('id_token_hint')) });
    const back = url.searchParams.get('post_logout_redirect_uri');
    if (back && client.postLogoutRedirectUris.includes(back)) return redirect(res, back, clear);
    return send(res, 200, '<!doctype html><html lang="nl"><title>Uitgelogd</title><main><h1>U bent uitgelogd</h1></main></html>', clear);
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', issuer || 'http://localhost');
      cors(req, res);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': 'content-type, accept, authorization, dpop',
          'Access-Control-Max-Age': '600',
        });
        return res.end();
      }
      const path = url.pathname.startsWith(REALM) ? url.pathname.slice(REALM.length) : null;
      switch (path) {
        case '/.well-known/openid-configuration':
          return send(res, 200, {
            issuer,
            authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
            token_endpoint: `${issuer}/protocol/openid-connect/token`,
            jwks_uri: `${issuer}/protocol/openid-connect/certs`,
            end_session_endpoint: `${issuer}/protocol/openid-connect/logout`,
            response_types_supported: ['code'],
            grant_types_supported: ['authorization_code', 'refresh_token'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
            code_challenge_methods_supported: ['S256'],
            token_endpoint_auth_methods_supported: ['none'],
            scopes_supported: ['openid', 'email', 'profile', 'offline_access'],
            claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified', 'name'],
          });
        case '/protocol/openid-connect/auth':
          return await authorize(req, res, url);
        case '/protocol/openid-connect/token':
          if (req.method !== 'POST') return send(res, 405, { error: 'invalid_request' }, { Allow: 'POST' });
          return await token(req, res);
        case '/protocol/openid-connect/certs':
          return send(res, 200, jwks);
        case '/protocol/openid-connect/logout':
          return logout(req, res, url);
        case '/_mock/settings':
          if (req.method === 'POST') {
            const chunks = [];
            for await (const chunk of req) chunks.push(chunk);
            Object.assign(settings, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
          }
          return send(res, 200, settings);
        case '/_mock/log':
          return send(res, 200, log);
        default:
          return send(res, 404, { error: 'not_found' });
      }
    } catch (error) {
      console.error('idp:', error);
      if (!res.headersSent) send(res, 500, { error: 'server_error' });
      else res.end();
    }
  });
  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const address = server.address();
  issuer = `http://${host}:${typeof address === 'object' && address ? address.port : port}${REALM}`;
  return { issuer, clientId: client.clientId, close: () => new Promise((resolve) => server.close(resolve)) };
}

// As a program: start and keep running until stopped.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'app-origin': { type: 'string' },
      'client-id': { type: 'string', default: 'kompas-web' },
    },
  });
  if (!values['app-origin']) throw new Error('idp: --app-origin is required');
  const idp = await startIdp({ port: Number(values.port), appOrigin: values['app-origin'], clientId: values['client-id'] });
  console.log(`idp: ${idp.issuer}`);
  const stop = () => idp.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
