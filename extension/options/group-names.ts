/** Built-in rule groups in people's words; `protects` groups ask before they are switched off. */
export const GROUP_INFO: Record<string, { title: string; description: string; protects?: string }> = {
  'auth-headers': {
    title: 'Sign-in headers',
    description: 'Authorization, API-key and session headers: their values are replaced, the names stay.',
    protects: 'passwords and tokens sent in headers',
  },
  cookies: {
    title: 'Cookies',
    description:
      'Every cookie value, sent or set. Names stay, so support still sees which cookies were there.',
    protects: 'session cookies that keep you signed in',
  },
  credentials: {
    title: 'Passwords and secret fields',
    description: 'Fields and parameters named like password, token, secret or key; OAuth codes in URLs.',
    protects: 'passwords, tokens and keys in forms, JSON and URLs',
  },
  tokens: {
    title: 'Tokens and keys anywhere',
    description: 'JWTs, private keys, vendor API keys and signed-URL signatures, wherever they appear.',
    protects: 'tokens and API keys found by their shape',
  },
  identity: {
    title: 'Personal fields',
    description: 'Fields such as email, username, phone or card number in request and response bodies.',
    protects: 'personal data in named fields',
  },
  pii: {
    title: 'Personal data anywhere',
    description: 'Emails, phone and card numbers, IBANs, US SSNs and street addresses in any text.',
    protects: 'personal data found by its shape',
  },
  identifiers: {
    title: 'Account and device ids',
    description: 'User, account, device and similar ids. Off by default: support often needs them.',
  },
};

export const groupInfo = (group: string) =>
  GROUP_INFO[group] ?? { title: group, description: 'Rules of this group.' };
