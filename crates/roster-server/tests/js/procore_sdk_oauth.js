// Procore's official JavaScript SDK (@procore/js-sdk) through the authorization-code flow, its own
// helpers only: `authorize` makes the sign-in URL; after the browser part (driven by the Rust
// test), `token` exchanges the code, `refresh` refreshes, `info` describes, `revoke` revokes, and
// the client calls `/me` and `/companies` with each token. Prints what it saw as one JSON object.
// Usage: node procore_sdk_oauth.js url <base> <client id> <redirect uri>
//        node procore_sdk_oauth.js flow <base> <company id> <client id> <client secret> <redirect uri> <code>
const { authorize, token, refresh, info, revoke, client, oauth } = require('@procore/js-sdk');

async function main() {
  const [mode, base, ...rest] = process.argv.slice(2);
  const options = { apiHostname: base };
  if (mode === 'url') {
    const [clientId, uri] = rest;
    console.log(JSON.stringify({ url: authorize({ clientId, uri }, options) }));
    return;
  }
  const [companyId, id, secret, uri, code] = rest;
  const first = await token({ id, secret, code, uri }, options);
  const me = (t) => client(oauth(t), {}, { apiHostname: base, defaultCompanyId: companyId }).get({ base: '/me' });
  const meFirst = await me(first.access_token);
  const companies = await client(oauth(first.access_token), {}, { apiHostname: base, defaultCompanyId: companyId })
    .get({ base: '/companies' });
  const second = await refresh({ id, secret, uri, token: first.access_token, refresh: first.refresh_token }, options);
  const meSecond = await me(second.access_token);
  const described = await info(second.access_token, options);
  const reused = await refresh({ id, secret, uri, token: first.access_token, refresh: first.refresh_token }, options);
  const revoked = await revoke({ token: second.access_token, clientId: id, clientSecret: secret }, options);
  let afterRevoke = null;
  try {
    await me(second.access_token);
  } catch (e) {
    afterRevoke = e.response.status;
  }
  console.log(JSON.stringify({
    first: { token_type: first.token_type, has_refresh: typeof first.refresh_token === 'string' },
    me_first: meFirst.body,
    companies: companies.body,
    second: { different: second.access_token !== first.access_token && second.refresh_token !== first.refresh_token },
    me_second: meSecond.body,
    info: described,
    reused,
    revoked,
    after_revoke: afterRevoke,
  }));
}

main().catch((e) => {
  console.error(e && e.response ? `${e.response.status} ${JSON.stringify(e.body)}` : e);
  process.exit(1);
});
