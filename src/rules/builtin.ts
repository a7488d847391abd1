import type { Rule, RulePack } from './types';

/**
 * The built-in defaults, in the same rule-pack format as team packs. Names are matched
 * case-insensitively and literally; `nameContains` ignores `-`, `_`, `.` and spaces.
 *
 * The floor is the union of what the tools we replace redact by default (notes/anchors.md):
 * Cloudflare, Google, Microsoft, npm har-sanitizer, Harmor, Beyond Identity, har-capture. A few of
 * their names are public identifiers whose loss hurts debugging more than it protects (OAuth
 * `client_id`, `appID`, `facetID`, `user_id`, `ip`): they are here but off by default, one switch away.
 */

const CREDENTIAL_SUBSTRINGS = [
  'password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'accesskey', 'secretkey', 'privatekey',
  'signingkey', 'encryptionkey', 'masterkey', 'writekey', 'licensekey', 'subscriptionkey', 'credential',
  'sessionid', 'sessiontoken', 'sessionkey', 'sessid', 'csrf', 'xsrf', 'jwt', 'bearer', 'connectionstring',
  'signature', 'authcode', 'otpcode', 'mfacode', 'recoverycode', 'backupcode', 'pincode', 'cookie',
];

const CREDENTIAL_NAMES = [
  // generic
  'password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'token', 'auth', 'authorization',
  'authentication', 'assertion', 'session', 'session_id', 'sid', 'ssid', 'jwt', 'otp', 'totp', 'hotp',
  'mfa', 'pin', 'cvv', 'cvc', 'private_key', 'apikey', 'api_key', 'api-key',
  // OAuth / OIDC / SAML
  'access_token', 'refresh_token', 'id_token', 'code_verifier', 'code_challenge', 'client_secret',
  'client_assertion', 'SAMLRequest', 'SAMLResponse', 'authenticity_token', 'challenge',
  // Cloudflare / Google / Microsoft anchors
  'fcParams', 'serverData', 'shdf', 'usg', 'vses2', 'connectionstring', 'credential',
  // CSRF
  'csrf', '_csrf', 'csrf_token', 'csrfmiddlewaretoken', 'xsrf', '_xsrf', 'xsrf_token', '__RequestVerificationToken',
];

const HARMLESS_NAMES = [
  // token *counts* and metadata, not tokens
  'token_type', 'token_type_hint', 'tokenizer', 'token_endpoint', 'token_url', 'token_uri', 'tokens_used',
  'token_count', 'max_tokens', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'input_tokens',
  'output_tokens', 'max_output_tokens', 'expires_in', 'refresh_expires_in',
  // signature metadata (AWS SigV2, JWS headers)
  'SignatureVersion', 'SignatureMethod', 'signature_method', 'signature_version', 'X-Amz-SignedHeaders',
  'X-Amz-Algorithm', 'code_challenge_method',
  // password *policy* fields
  'password_policy', 'password_min_length', 'password_strength', 'password_expired', 'password_changed_at',
  'has_password', 'password_set', 'passwordless',
  // CORS: these name other headers; their values are lists of header names
  'access-control-allow-credentials', 'access-control-allow-headers', 'access-control-request-headers',
  'access-control-expose-headers',
  // cookie-consent and cookie metadata fields
  'cookie_consent', 'cookieconsent', 'cookies_enabled', 'cookie_policy',
];

const rules: Rule[] = [
  {
    id: 'header.auth',
    description: 'Headers that carry credentials (Authorization, API keys, CSRF and session headers).',
    target: 'header',
    names: [
      'authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'apikey', 'x-auth-token', 'x-access-token',
      'x-refresh-token', 'x-id-token', 'x-csrf-token', 'x-xsrf-token', 'x-csrftoken', 'csrf-token', 'xsrf-token',
      'x-session-id', 'x-session-token', 'x-session', 'x-amz-security-token', 'x-goog-api-key', 'x-client-data',
      'ocp-apim-subscription-key', 'ocp-apim-header-authorization', 'x-functions-key', 'x-vault-token',
      'private-token', 'x-shopify-access-token', 'x-figma-token', 'x-hub-signature', 'x-hub-signature-256',
      'x-slack-signature', 'x-twilio-signature', 'x-auth', 'x-authentication', 'x-authorization',
      'authentication', 'x-user-token', 'x-token', 'token', 'client-id', 'tenant-id', 'x-webauthn',
      'x-goog-authenticated-user-email', 'x-amz-credential',
    ],
    nameContains: ['token', 'secret', 'passw', 'apikey', 'accesskey', 'credential', 'session', 'signature', 'csrf', 'xsrf', 'jwt', 'bearer', 'privatekey', 'frontegg'],
    action: 'redact',
    label: undefined,
    group: 'auth-headers',
  },
  {
    id: 'cookie.all',
    description: 'Every cookie value, in Cookie and Set-Cookie headers and cookies arrays (names stay).',
    target: 'cookie',
    names: ['*'],
    action: 'redact',
    group: 'cookies',
  },
  {
    id: 'name.credentials',
    description: 'Credential names wherever they stand: query, form and JSON fields, multipart parts, HTML inputs.',
    target: 'name',
    names: CREDENTIAL_NAMES,
    nameContains: CREDENTIAL_SUBSTRINGS,
    action: 'redact',
    group: 'credentials',
  },
  {
    id: 'query.oauth',
    description: 'OAuth/OIDC and signed-URL query parameters (code, state, nonce, sig, ticket…).',
    target: 'query',
    names: ['code', 'state', 'nonce', 'ticket', 'sig', 'key', 'hash', 'otp', 'GoogleAccessId', 'Key-Pair-Id', 'X-Goog-Credential', 'AWSAccessKeyId', 'RelayState', 'oauth_verifier', 'oauth_token'],
    action: 'redact',
    group: 'credentials',
  },
  {
    id: 'field.identity',
    description: 'Personal identity fields in request and response bodies (email, username, phone, card…).',
    target: 'field',
    names: [
      'email', 'e-mail', 'mail', 'email_address', 'emailAddress', 'username', 'user_name', 'user', 'login',
      'login_id', 'login_email', 'login_email_address', 'user_email', 'userPassword', 'phone', 'phone_number',
      'phoneNumber', 'mobile', 'msisdn', 'first_name', 'firstName', 'last_name', 'lastName', 'full_name',
      'fullName', 'given_name', 'family_name', 'ssn', 'social_security_number', 'dob', 'date_of_birth',
      'birthdate', 'card_number', 'cardNumber', 'cc_number', 'iban', 'street', 'street_address', 'address1',
      'address2', 'address_line1', 'address_line_1', 'address_line2', 'line1', 'line2', 'postal_address',
      'okta-oauth-nonce', 'oktaStateToken', 'okta-oauth-state',
    ],
    action: 'redact',
    group: 'identity',
  },
  {
    id: 'field.identifiers',
    description: 'Public identifiers some tools scrub (OAuth client_id, user_id, appID, facetID, IP). Off by default: support usually needs them.',
    target: 'name',
    names: ['client_id', 'clientId', 'user_id', 'userId', 'appID', 'facetID', 'ip', 'ip_address', 'ipaddress'],
    action: 'redact',
    enabled: false,
    group: 'identifiers',
  },
  {
    id: 'name.harmless',
    description: 'Names that look like credentials but are not (token counts, signature metadata, CORS lists).',
    target: 'name',
    names: HARMLESS_NAMES,
    action: 'keep',
    group: 'credentials',
  },
  { id: 'detect.jwt', description: 'JSON Web Tokens anywhere (the whole token goes; PII in its claims too).', target: 'value', detector: 'jwt', action: 'redact', group: 'tokens' },
  { id: 'detect.private-key', description: 'PEM private keys (every line of the block).', target: 'value', detector: 'private-key', action: 'redact', group: 'tokens' },
  { id: 'detect.vendor', description: 'Vendor API keys and tokens (derived from gitleaks, MIT).', target: 'value', detector: 'vendor', action: 'redact', group: 'tokens' },
  { id: 'detect.credentials', description: 'Basic/Bearer credentials, URL passwords, connection strings.', target: 'value', detector: 'credentials', action: 'redact', group: 'tokens' },
  { id: 'detect.signed-url', description: 'Signatures and credentials of AWS, GCS, Azure and CloudFront signed URLs.', target: 'value', detector: 'signed-url', action: 'redact', group: 'tokens' },
  { id: 'detect.otp', description: 'OTP/TOTP seeds.', target: 'value', detector: 'otp', action: 'redact', group: 'tokens' },
  { id: 'detect.pii', description: 'Emails, phone numbers, card numbers (Luhn), IBANs (mod-97), US SSNs, street addresses.', target: 'value', detector: 'pii', action: 'redact', group: 'pii' },
];

export const builtinPack: RulePack = {
  schemaVersion: 1,
  id: 'builtin',
  version: '1.0.0',
  description: 'HAR Redactor built-in defaults',
  rules: rules.map((r) => {
    const { label, ...rest } = r;
    return label === undefined ? rest : r;
  }),
};
