// Drives Roster's Procore routes with Procore's official JavaScript SDK (@procore/js-sdk), as an
// integrator would: only the API host changes. Prints what it saw as one JSON object.
// Usage: node procore_sdk.js <base url> <procore company id> <client id> <client secret>
const { client, oauth } = require('@procore/js-sdk');

async function main() {
  const [base, companyId, clientId, clientSecret] = process.argv.slice(2);
  // The SDK's own token helper does the authorization-code grant; services use client credentials.
  const token = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  }).then((r) => r.json());
  const procore = client(oauth(token.access_token), {}, { apiHostname: base, defaultCompanyId: companyId });

  const project = await procore.post({ base: '/projects' }, { company_id: Number(companyId), project: { name: 'SDK Tower' } });
  const projectId = project.body.id;
  const wc = await procore.post(
    { base: '/companies/{company_id}/work_classifications', params: { company_id: companyId } },
    { work_classification: { name: 'Journeyman' } },
  );
  const created = await procore.post(
    { base: '/projects/{project_id}/people', params: { project_id: projectId }, qs: { view: 'extended' } },
    { person: { first_name: 'Ann', last_name: 'Lee', origin_id: 'sdk-1', work_classification_id: wc.body.id } },
  );
  await procore.post({ base: '/projects/{project_id}/people', params: { project_id: projectId } }, { person: { last_name: 'Kim' } });
  const list = await procore.get({
    base: '/projects/{project_id}/people',
    params: { project_id: projectId },
    qs: { page: 1, per_page: 10, view: 'web', filters: { search: 'LEE' } },
  });
  const updated = await procore.patch(
    { base: '/projects/{project_id}/people', params: { project_id: projectId, id: created.body.id } },
    { person: { is_employee: true } },
  );
  let conflict = null;
  try {
    await procore.post({ base: '/projects/{project_id}/people', params: { project_id: projectId } }, { person: { last_name: 'X', origin_id: 'sdk-1' } });
  } catch (e) {
    conflict = { status: e.response.status, body: e.body };
  }
  console.log(JSON.stringify({
    project: project.body,
    created: created.body,
    list: list.body,
    total: list.response.headers.get('total'),
    perPage: list.response.headers.get('per-page'),
    updated: updated.body,
    conflict,
  }));
}

main().catch((e) => {
  console.error(e && e.response ? `${e.response.status} ${JSON.stringify(e.body)}` : e);
  process.exit(1);
});
